import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from "node:dns";
import { BlockList, isIP } from "node:net";

/**
 * Where webhooks may be delivered (SSRF rules). Checked on the address a request really
 * connects to (the lookup of the request itself), so a name that resolves elsewhere at
 * delivery time than at creation time is still caught.
 */
export interface AddressPolicy {
  allowPrivateNetworks: boolean;
  allowLoopback: boolean;
}

/** Never: unspecified, link-local (cloud metadata lives there), metadata services, multicast, reserved. */
const ALWAYS_REFUSED = new BlockList();
ALWAYS_REFUSED.addSubnet("0.0.0.0", 8, "ipv4");
ALWAYS_REFUSED.addSubnet("169.254.0.0", 16, "ipv4");
ALWAYS_REFUSED.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
ALWAYS_REFUSED.addSubnet("224.0.0.0", 4, "ipv4");
ALWAYS_REFUSED.addSubnet("240.0.0.0", 4, "ipv4");
ALWAYS_REFUSED.addAddress("::", "ipv6");
ALWAYS_REFUSED.addSubnet("fe80::", 10, "ipv6");
ALWAYS_REFUSED.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6
ALWAYS_REFUSED.addSubnet("ff00::", 8, "ipv6");

const PRIVATE = new BlockList();
PRIVATE.addSubnet("10.0.0.0", 8, "ipv4");
PRIVATE.addSubnet("172.16.0.0", 12, "ipv4");
PRIVATE.addSubnet("192.168.0.0", 16, "ipv4");
PRIVATE.addSubnet("100.64.0.0", 10, "ipv4"); // carrier-grade NAT
PRIVATE.addSubnet("198.18.0.0", 15, "ipv4"); // benchmarking
PRIVATE.addSubnet("fc00::", 7, "ipv6"); // unique local

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet("127.0.0.0", 8, "ipv4");
LOOPBACK.addAddress("::1", "ipv6");

/** Why `address` is refused under `policy`, or undefined when it is allowed. */
export function refusalOf(address: string, policy: AddressPolicy): string | undefined {
  let ip = address.replace(/^\[|\]$/g, "");
  // An IPv4-mapped IPv6 address (::ffff:10.0.0.1) is the IPv4 address.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) ip = mapped[1]!;
  const family = isIP(ip);
  if (family === 0) return `${address} is not an IP address`;
  const type = family === 4 ? "ipv4" : "ipv6";
  if (ALWAYS_REFUSED.check(ip, type)) return `${address} is a link-local, metadata or reserved address`;
  if (LOOPBACK.check(ip, type)) return policy.allowLoopback ? undefined : `${address} is a loopback address`;
  if (PRIVATE.check(ip, type)) return policy.allowPrivateNetworks ? undefined : `${address} is in a private network (WEBHOOK_ALLOW_PRIVATE_NETWORKS is off)`;
  return undefined;
}

export class RefusedAddress extends Error {
  readonly code = "EREFUSEDADDRESS";
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void;

/** A `lookup` for http.request that refuses the connection when any resolved address is refused. */
export function guardedLookup(policy: AddressPolicy) {
  return (hostname: string, options: LookupOptions, callback: LookupCallback): void => {
    dnsLookup(hostname, { ...options, all: true }, (err, addresses) => {
      if (err) return callback(err, []);
      const list = addresses as LookupAddress[];
      for (const a of list) {
        const reason = refusalOf(a.address, policy);
        if (reason) return callback(new RefusedAddress(`refused: ${hostname} resolves to ${reason}`), []);
      }
      if (list.length === 0) return callback(Object.assign(new Error(`${hostname} has no address`), { code: "ENOTFOUND" }), []);
      if (options.all) return callback(null, list);
      callback(null, list[0]!.address, list[0]!.family);
    });
  };
}

/** The URL's host when it is an IP literal (no lookup happens for those). */
export function literalHost(url: URL): string | undefined {
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return isIP(host) ? host : undefined;
}
