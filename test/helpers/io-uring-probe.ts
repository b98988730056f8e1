/**
 * Probe (test/helpers/kernel-probes.ts "io_uring:recvmsg"): open an
 * io_uring whose kernel runs IORING_OP_RECVMSG (lib/sys/io-uring.ts) and
 * close it. Exit 0 when this process can have one, else 1 with the reason
 * (ENOSYS, EPERM from kernel.io_uring_disabled or a seccomp filter, ...) on stderr.
 */
import { IoUring, ioUringUnavailable } from "../../lib/sys/io-uring.ts";

const ring = IoUring.open(4);
if (ring === null) {
  process.stderr.write(`io_uring: ${ioUringUnavailable}\n`);
  process.exit(1);
}
ring.close();
