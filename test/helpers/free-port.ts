import { createServer, type AddressInfo } from 'node:net';

/** A free loopback port (Probot's Server reads port 0 as "unset", so tests ask the OS first). */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
