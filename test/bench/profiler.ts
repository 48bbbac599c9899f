import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { join } from 'node:path';

/**
 * Profiles of one measured window of this process, written as `DIR/NAME.cpuprofile` (and, with
 * BENCH_HEAP_PROFILE, `NAME.heapprofile`: allocations, collected ones included) for Chrome DevTools.
 * Does nothing unless BENCH_CPU_PROFILE=DIR is set.
 */
export class WindowProfiler {
  private session: Session | null = null;
  private readonly dir = process.env.BENCH_CPU_PROFILE;
  private readonly heap = process.env.BENCH_HEAP_PROFILE !== undefined;

  async start(): Promise<void> {
    if (!this.dir || this.session) return;
    this.session = new Session();
    this.session.connect();
    await this.session.post('Profiler.enable');
    await this.session.post('Profiler.start');
    if (this.heap)
      await this.session.post('HeapProfiler.startSampling', {
        samplingInterval: 4096,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
  }

  async stop(name: string): Promise<void> {
    const { session, dir } = this;
    if (!session || !dir) return;
    this.session = null;
    if (this.heap) {
      const { profile } = await session.post('HeapProfiler.stopSampling');
      await writeFile(join(dir, `${name}.heapprofile`), JSON.stringify(profile));
    }
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
  }
}
