import type { StatusPageDocument } from '../../domain/status-page/model.js';
import { renderAtomFeed } from './atom.js';
import { renderStatusHtml } from './html.js';
import { slugOf } from './xml-text.js';

/**
 * Every file of the status page, by path under its folder: `incidents.json` (the document), `feed.atom`,
 * one feed per component under `components/`, and `index.html`. Deterministic: the same document gives
 * the same bytes, so an unchanged page is never committed again.
 */
export function renderStatusPageFiles(params: {
  document: StatusPageDocument;
  feedName: string;
}): Record<string, string> {
  const { document } = params;
  const componentFeeds = document.components.map((c) => ({
    name: c.name,
    path: `components/${slugOf(c.name)}.atom`,
  }));
  const files: Record<string, string> = {
    'incidents.json': `${JSON.stringify(document, null, 2)}\n`,
    'feed.atom': renderAtomFeed({ document, feedName: params.feedName, title: document.title }),
  };
  for (const feed of componentFeeds)
    files[feed.path] = renderAtomFeed({
      document,
      feedName: `${params.feedName}:${feed.name}`,
      title: `${document.title}: ${feed.name}`,
      component: feed.name,
    });
  files['index.html'] = renderStatusHtml({
    document,
    feeds: [
      { name: 'All updates (Atom)', href: 'feed.atom' },
      ...componentFeeds.map((f) => ({ name: f.name, href: f.path })),
    ],
  });
  return files;
}
