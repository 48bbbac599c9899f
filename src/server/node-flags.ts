/**
 * Node's options for the long-running processes (`lib/server.js`, `lib/worker.js`), wherever they are
 * started: the image's CMD, `npm start` and `npm run worker`, the systemd unit in docs/deployment.md,
 * and the benchmark's app and no-op processes (test/unit/node-flags.test.ts checks that they agree).
 *
 * A semi-space of at most 8 MB: V8 grows the young generation under a burst of webhooks, and Node 22
 * and 24 keep its pages resident after the burst (Node 26 hands them back after 8 s); a settled process
 * with 10,000 armed incidents held 166 MB (Node 22) and 262 MB (Node 24) for 48 MB of heap, and 144 and
 * 160 to 168 MB with this cap. The app's garbage is short-lived (a webhook's or a pass's), so a smaller
 * nursery does not promote more of it: the benchmark's CPU per webhook did not rise.
 *
 * `--expose-gc`: once calm after a burst, the process asks V8 to give back the pages the burst freed,
 * which Node 22 and 24 otherwise keep (calm-memory-release.ts).
 *
 * `--single-threaded-gc`: V8 collects on the main thread only, without its parallel and concurrent
 * helper threads. The heap is small (tens of MB) and the work is webhooks and GitHub requests, which can
 * wait a few milliseconds for a collection; the helpers cost more CPU in all than they take off the main
 * thread. In the benchmark's side-by-side runs the CPU of a tick fell by about a fifth with it (1.31
 * against 1.65 ms on Node 24, the app alone), and on a host with one or two CPUs, or a CPU quota, the
 * helpers also compete with the main thread. Settled memory stayed under its target; a burst's peak rose
 * (docs/performance.md, docs/deployment.md). A V8 option: a Node that drops it refuses to start, which
 * the tests show first (they start the server and the worker with these options).
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--expose-gc', '--single-threaded-gc'];
