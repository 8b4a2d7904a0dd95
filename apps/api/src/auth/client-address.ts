import type { IncomingMessage } from 'node:http';
import proxyaddr from 'proxy-addr';
import type { TrustProxy } from '../config.js';

/**
 * The client address of a request as TRUST_PROXY allows: the socket's peer unless the peer is a trusted proxy,
 * in which case X-Forwarded-For is read from the right, stopping at the first address not trusted. Without
 * TRUST_PROXY a forged header changes nothing, so nobody picks the address its sign-in failures count against.
 */
export function clientAddressOf(trust: TrustProxy): (req: IncomingMessage | undefined) => string {
  const trusted =
    trust.kind === 'off'
      ? () => false
      : trust.kind === 'hops'
        ? (_address: string, hop: number) => hop < trust.hops
        : proxyaddr.compile(trust.addresses);
  return (req) => {
    if (!req?.socket) return 'unknown';
    try {
      return normalise(proxyaddr(req, trusted));
    } catch {
      return normalise(req.socket.remoteAddress ?? 'unknown');
    }
  };
}

/** One spelling per address: an IPv4 client reached over an IPv6 socket is the same client. */
function normalise(address: string): string {
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}

/** 127.0.0.0/8 and ::1 (the client address as clientAddressOf spells it). */
export function isLoopback(address: string): boolean {
  return address === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(address);
}
