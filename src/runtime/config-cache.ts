import type { Clock } from './clock.js';

/**
 * Loaded configs per repository, so events do not re-read `.github/incident.yml` every time (issue 6:
 * at most 3 requests per event). Concurrent loads of one key share one request. Entries expire after
 * `ttlMs` as a backstop; a push that touches the file drops them at once.
 */
export class ConfigCache<T> {
  private readonly clock: Clock;
  private readonly max: number;
  private readonly ttlMs: number;
  /** Insertion order is recency order: a hit moves the entry to the end. */
  private readonly entries = new Map<string, { value: Promise<T>; at: number }>();

  constructor(params: { clock: Clock; max?: number; ttlMs?: number }) {
    this.clock = params.clock;
    this.max = params.max ?? 5_000;
    this.ttlMs = params.ttlMs ?? 10 * 60 * 1000;
  }

  get(key: string, load: () => Promise<T>): Promise<T> {
    const now = this.clock.now().getTime();
    const hit = this.entries.get(key);
    this.entries.delete(key);
    if (hit && now - hit.at < this.ttlMs) {
      this.entries.set(key, hit);
      return hit.value;
    }
    const value = load();
    const entry = { value, at: now };
    this.entries.set(key, entry);
    // A failed load is not cached: the next event tries again.
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as string);
    return value;
  }

  invalidate(owner: string, repo: string): void {
    this.entries.delete(`${owner}/${repo}`);
  }

  /** The owner's `.github` repository holds the fallback config of all its repositories. */
  invalidateOwner(owner: string): void {
    const prefix = `${owner.toLowerCase()}/`;
    for (const key of [...this.entries.keys()]) if (key.toLowerCase().startsWith(prefix)) this.entries.delete(key);
  }

  get size(): number {
    return this.entries.size;
  }
}

export interface PushLike {
  ref: string;
  repository: { name: string; default_branch?: string };
  commits?: Array<{ added?: string[]; modified?: string[]; removed?: string[] }> | null;
}

const REPO_CONFIG = '.github/incident.yml';

/**
 * Does a push change the config? 'repo' for the repository's own file, 'owner' for the organisation
 * fallback in its `.github` repository. GitHub lists at most 20 commits in a push payload
 * (https://docs.github.com/en/webhooks/webhook-events-and-payloads#push), so a push listing 20 or none
 * is treated as touching it.
 */
export function touchesConfig(push: PushLike): 'repo' | 'owner' | null {
  const branch = push.repository.default_branch ?? 'main';
  if (push.ref !== `refs/heads/${branch}`) return null;
  const orgRepo = push.repository.name === '.github';
  const paths = orgRepo ? [REPO_CONFIG, 'incident.yml'] : [REPO_CONFIG];
  const commits = push.commits ?? [];
  const truncated = commits.length === 0 || commits.length >= 20;
  const touched =
    truncated ||
    commits.some((c) =>
      [...(c.added ?? []), ...(c.modified ?? []), ...(c.removed ?? [])].some((p) => paths.includes(p)),
    );
  if (!touched) return null;
  return orgRepo ? 'owner' : 'repo';
}
