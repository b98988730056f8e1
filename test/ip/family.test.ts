import { describe, expect, it } from "vitest";
import { AF_BRIDGE, AF_INET, AF_INET6, AF_MPLS, AF_UNSPEC, familyName, familyOf } from "../../codecs/ip/index.ts";

describe("family constants and names", () => {
  it("match <sys/socket.h>", () => {
    expect([AF_UNSPEC, AF_INET, AF_INET6, AF_BRIDGE, AF_MPLS]).toEqual([0, 2, 10, 7, 28]);
  });

  it("familyName uses iproute2 names", () => {
    expect(familyName(AF_INET)).toBe("inet");
    expect(familyName(AF_INET6)).toBe("inet6");
    expect(familyName(AF_BRIDGE)).toBe("bridge");
    expect(familyName(AF_MPLS)).toBe("mpls");
    expect(familyName(AF_UNSPEC)).toBe("unspec");
    expect(familyName(99)).toBe("99");
  });

  it("familyOf is a cheap guess", () => {
    expect(familyOf("2001:db8::1")).toBe(AF_INET6);
    expect(familyOf("::ffff:1.2.3.4")).toBe(AF_INET6);
    expect(familyOf("192.0.2.1")).toBe(AF_INET);
    expect(familyOf("1.2")).toBe(AF_INET);
    expect(familyOf("eth0")).toBeUndefined();
    expect(familyOf("")).toBeUndefined();
    expect(familyOf(42 as unknown as string)).toBeUndefined();
  });
});
