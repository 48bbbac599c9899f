import { createHash } from 'node:crypto';

/** Git's blob id of a text: comparing it with a tree's ids tells an unchanged file without reading it. */
export function gitBlobSha(content: string): string {
  const bytes = Buffer.from(content, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
}
