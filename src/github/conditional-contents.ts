import type { Octokit } from './octokit.js';

/** Config files are few (one or two per repository); this bounds what a large organisation keeps. */
const MAX_FILES = 5_000;

/** A config file's last text and its ETag, by `owner/repo:path`. */
export class ContentsEtags {
  private readonly entries = new Map<string, { etag: string; text: string }>();

  get(file: string): { etag: string; text: string } | undefined {
    return this.entries.get(file);
  }

  set(file: string, value: { etag: string; text: string }): void {
    this.entries.delete(file);
    this.entries.set(file, value);
    while (this.entries.size > MAX_FILES) this.entries.delete(this.entries.keys().next().value as string);
  }
}

const byOctokit = new WeakMap<object, ContentsEtags>();

/**
 * Config reads through this Octokit become conditional (github/config-files.ts): a file read before is
 * asked for with `If-None-Match`, and a 304, which does not count against the rate limit
 * (https://docs.github.com/en/rest/using-the-rest-api/best-practices-for-using-the-rest-api#use-conditional-requests-if-appropriate),
 * answers with the text kept. So re-reading configs when their cache entry expires costs nothing while
 * they are unchanged.
 */
export function conditionalContents(octokit: Octokit, etags: ContentsEtags): Octokit {
  byOctokit.set(octokit, etags);
  return octokit;
}

/** The ETags kept for this Octokit's config reads, if any. */
export function contentsEtagsOf(octokit: Octokit): ContentsEtags | undefined {
  return byOctokit.get(octokit);
}
