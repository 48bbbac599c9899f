import type {
  ComponentStatus,
  PublishedIncident,
  PublishedMaintenance,
  StatusPageDocument,
} from '../../domain/status-page/model.js';
import { escapeXml as esc, slugOf } from './xml-text.js';

/**
 * The status page: one static HTML file, readable without JavaScript or any request beyond itself.
 * Current incidents and the components' states come first, then the history with every public update.
 * Accessible: landmarks and headings in order, states in words (never colour alone), times in `<time>`,
 * light and dark from the reader's own setting, contrast above WCAG AA in both.
 */
const STATE_WORDS: Record<PublishedIncident['state'], string> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

const COMPONENT_WORDS: Record<ComponentStatus, string> = {
  operational: 'Operational',
  degraded: 'Degraded performance',
  'major-outage': 'Major outage',
  maintenance: 'Under maintenance',
};

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --line: #d1d9e0;
  --ok: #1a7f37; --warn: #9a6700; --bad: #cf222e; --card: #f6f8fa; }
@media (prefers-color-scheme: dark) { :root { --bg: #0d1117; --fg: #f0f6fc; --muted: #9198a1; --line: #3d444d;
  --ok: #3fb950; --warn: #d29922; --bad: #f85149; --card: #151b23; } }
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); font: 16px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
h1 { font-size: 1.75rem; margin: 0 0 .25rem; }
h2 { font-size: 1.25rem; margin: 2rem 0 .75rem; border-bottom: 1px solid var(--line); padding-bottom: .25rem; }
h3 { font-size: 1.05rem; margin: 0 0 .25rem; }
.summary { font-size: 1.1rem; margin: .5rem 0 0; }
ul.components { list-style: none; padding: 0; margin: 0; border: 1px solid var(--line); border-radius: 6px; }
ul.components li { display: flex; justify-content: space-between; gap: 1rem; padding: .6rem .9rem; }
ul.components li + li { border-top: 1px solid var(--line); }
.state { font-weight: 600; }
.operational { color: var(--ok); } .degraded, .maintenance { color: var(--warn); } .major-outage { color: var(--bad); }
article { background: var(--card); border: 1px solid var(--line); border-radius: 6px; padding: .9rem 1rem; margin: 0 0 1rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 .5rem; }
ol.updates { list-style: none; padding: 0; margin: 0; }
ol.updates li { padding: .4rem 0; border-top: 1px solid var(--line); }
ol.updates p { margin: .15rem 0 0; white-space: pre-wrap; overflow-wrap: anywhere; }
a { color: inherit; }
footer { color: var(--muted); font-size: .85rem; margin-top: 2rem; }
`;

function time(iso: string): string {
  const shown = iso.replace('T', ' ').replace(/:\d\d\+00:00$/, ' UTC');
  return `<time datetime="${esc(iso)}">${esc(shown)}</time>`;
}

function incidentArticle(incident: PublishedIncident): string {
  const anchor = `incident-${slugOf(incident.id)}`;
  const components = incident.components.length > 0 ? ` · Affects ${esc(incident.components.join(', '))}` : '';
  const updates = [...incident.updates]
    .reverse()
    .map((u) => `<li><span class="state">${STATE_WORDS[u.state]}</span> · ${time(u.at)}<p>${esc(u.text)}</p></li>`)
    .join('\n');
  return [
    `<article id="${anchor}" aria-labelledby="${anchor}-title">`,
    `<h3 id="${anchor}-title">${esc(incident.title)}</h3>`,
    `<p class="meta"><span class="state">${STATE_WORDS[incident.state]}</span> · Started ${time(incident.started_at)}${incident.resolved_at ? ` · Resolved ${time(incident.resolved_at)}` : ''}${components}</p>`,
    `<ol class="updates" aria-label="Updates, newest first">\n${updates}\n</ol>`,
    '</article>',
  ].join('\n');
}

const PHASE_WORDS: Record<PublishedMaintenance['phase'], string> = {
  scheduled: 'Scheduled',
  'in-progress': 'In progress',
  completed: 'Completed',
};

function maintenanceArticle(m: PublishedMaintenance): string {
  const anchor = `maintenance-${slugOf(m.id)}`;
  const components = m.components.length > 0 ? ` · Affects ${esc(m.components.join(', '))}` : '';
  return [
    `<article id="${anchor}" aria-labelledby="${anchor}-title">`,
    `<h3 id="${anchor}-title">${esc(m.title)}</h3>`,
    `<p class="meta"><span class="state">${PHASE_WORDS[m.phase]}</span> · Maintenance from ${time(m.start)} to ${time(m.end)}${components}</p>`,
    '</article>',
  ].join('\n');
}

/** History, newest first: resolved incidents by their start and completed windows by theirs, in one list. */
function historyArticles(document: StatusPageDocument): string[] {
  const items = [
    ...document.incidents
      .filter((i) => i.state === 'resolved')
      .map((i) => ({ at: i.started_at, html: incidentArticle(i) })),
    ...document.maintenance
      .filter((m) => m.phase === 'completed')
      .map((m) => ({ at: m.start, html: maintenanceArticle(m) })),
  ];
  return items.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0)).map((i) => i.html);
}

function inProgressThenSoonest(a: PublishedMaintenance, b: PublishedMaintenance): number {
  if (a.phase !== b.phase) return a.phase === 'in-progress' ? -1 : 1;
  if (a.start !== b.start) return a.start < b.start ? -1 : 1;
  return a.id.localeCompare(b.id);
}

export function renderStatusHtml(params: {
  document: StatusPageDocument;
  feeds: ReadonlyArray<{ name: string; href: string }>;
}): string {
  const { document } = params;
  const current = document.incidents.filter((i) => i.state !== 'resolved');
  const history = historyArticles(document);
  // Upcoming windows soonest first, after those in progress.
  const planned = document.maintenance.filter((m) => m.phase !== 'completed').sort(inProgressThenSoonest);
  const summary =
    current.length > 0
      ? `${current.length} ongoing incident${current.length === 1 ? '' : 's'}.`
      : planned.some((m) => m.phase === 'in-progress')
        ? 'Maintenance in progress.'
        : 'All systems operational.';
  const maintenance =
    planned.length === 0
      ? ''
      : [
          '<section aria-labelledby="maintenance-title">',
          '<h2 id="maintenance-title">Maintenance</h2>',
          ...planned.map(maintenanceArticle),
          '</section>',
        ].join('\n');
  const components =
    document.components.length === 0
      ? ''
      : [
          '<section aria-labelledby="components-title">',
          '<h2 id="components-title">Components</h2>',
          '<ul class="components">',
          ...document.components.map(
            (c) =>
              `<li><span>${esc(c.name)}</span><span class="state ${c.status}">${COMPONENT_WORDS[c.status]}</span></li>`,
          ),
          '</ul>',
          '</section>',
        ].join('\n');
  const feeds = params.feeds.map((f) => `<a href="${esc(f.href)}">${esc(f.name)}</a>`).join(' · ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${esc(document.title)}</title>
${params.feeds[0] ? `<link rel="alternate" type="application/atom+xml" title="${esc(document.title)}" href="${esc(params.feeds[0].href)}">` : ''}
<style>${STYLE}</style>
</head>
<body>
<main>
<header>
<h1>${esc(document.title)}</h1>
<p class="summary" role="status">${summary}</p>
</header>
<section aria-labelledby="current-title">
<h2 id="current-title">Current incidents</h2>
${current.length === 0 ? '<p>No incidents right now.</p>' : current.map(incidentArticle).join('\n')}
</section>
${maintenance === '' ? '' : `${maintenance}\n`}${components}
<section aria-labelledby="history-title">
<h2 id="history-title">History</h2>
${history.length === 0 ? '<p>No past incidents.</p>' : history.join('\n')}
</section>
<footer><p>Feeds: ${feeds}</p></footer>
</main>
</body>
</html>
`;
}
