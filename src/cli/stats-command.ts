import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, posix } from 'node:path';
import { reportIndexSettingsOf } from '../config/report-index-settings.js';
import { isTimeZone } from '../domain/shared/zoned-date.js';
import { reportIndexFiles, type RepositoryFile } from '../render/report-index-files.js';
import { renderIndexText } from '../render/report-index-text.js';
import { EXIT_FINDINGS, EXIT_OK, UsageError, type CliIo } from './io.js';
import { loadCliConfig } from './load-config.js';

export const STATS_HELP = `Usage: incident-responder stats DIR [--out DIR] [--timezone ZONE] [--config FILE] [--json]

Read every incident report under the reports folder of DIR (a local checkout of the reports
repository; the folder is the fixed part of reports.path, "reports" by default), print the index
tables (incidents, times per month and severity, follow-up debt, the runbook steps most often late
or skipped) and write the index page and its SVG charts (reports.index.path and .charts).
Files are written only when their content changed. Exit 1 when some report files were skipped.

  --out DIR         write the index and charts under this folder instead of DIR (same relative paths)
  --timezone ZONE   IANA time zone of dates and months (default: reports.index.timezone, else
                    business_hours.timezone, else UTC)
  --config FILE     a .github/incident.yml for reports.path, reports.index and the severity order
  --json            print the index as JSON instead of the tables
`;

/** A reports folder is a few hundred files; a checkout with far more is not one. */
export const MAX_REPORT_FILES = 20_000;

/** Every file under root/folder, as "/"-separated paths relative to root; dot folders (.git) skipped. */
async function listFiles(root: string, folder: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (relative: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(join(root, relative), { withFileTypes: true });
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (relative === folder)
        throw new UsageError(
          `${join(root, relative)}: ${code === 'ENOENT' ? 'no such folder' : `cannot read (${code ?? String(error)})`}`,
        );
      throw error;
    }
    for (const entry of entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith('.')) continue;
      const path = relative === '' ? entry.name : posix.join(relative, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile() && /\.md$/i.test(entry.name)) {
        if (found.length >= MAX_REPORT_FILES)
          throw new UsageError(`${root}: more than ${MAX_REPORT_FILES} markdown files under "${folder || '.'}"`);
        found.push(path);
      }
    }
  };
  await walk(folder);
  return found;
}

async function unchanged(path: string, content: string): Promise<boolean> {
  try {
    return (await readFile(path, 'utf8')) === content;
  } catch {
    return false;
  }
}

export async function statsCommand(params: {
  io: CliIo;
  dir: string;
  out?: string;
  timezone?: string;
  configFile?: string;
  json: boolean;
}): Promise<number> {
  const { io } = params;
  const { config, problems } = await loadCliConfig(io, params.configFile);
  for (const problem of problems) io.stderr(`${problem}\n`);
  if (params.timezone !== undefined && !isTimeZone(params.timezone))
    throw new UsageError(`--timezone: "${params.timezone}" is not an IANA time zone such as "UTC" or "Europe/Berlin"`);
  const settings = {
    ...reportIndexSettingsOf(config),
    ...(params.timezone === undefined ? {} : { timeZone: params.timezone }),
  };

  const paths = await listFiles(params.dir, settings.reportsDir);
  const files: RepositoryFile[] = await Promise.all(
    paths.map(async (path) => ({ path, content: await io.readFile(join(params.dir, path)) })),
  );
  const { index, files: outputs } = await reportIndexFiles({ files, settings });

  io.stdout(
    params.json ? `${JSON.stringify(index, null, 2)}\n` : renderIndexText({ index, indexPath: settings.indexPath }),
  );

  const outDir = params.out ?? params.dir;
  let written = 0;
  for (const file of outputs) {
    const target = join(outDir, file.path);
    if (await unchanged(target, file.content)) continue;
    await mkdir(join(target, '..'), { recursive: true });
    await writeFile(target, file.content);
    written += 1;
  }
  io.stderr(
    `${index.incidents.length} report${index.incidents.length === 1 ? '' : 's'} read, ${index.skipped.length} skipped; wrote ${written} of ${outputs.length} files under ${outDir}\n`,
  );
  for (const skipped of index.skipped) io.stderr(`${skipped.path}: skipped: ${skipped.reason}\n`);
  return problems.length > 0 || index.skipped.length > 0 ? EXIT_FINDINGS : EXIT_OK;
}
