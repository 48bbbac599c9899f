import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, describeWithChromium } from '../helpers/chromium.js';
import { statusPageDocument } from '../../src/domain/status-page/model.js';
import { renderStatusPageFiles } from '../../src/render/status-page/files.js';
import { INTERNAL, playPublicIncident, PUBLIC } from '../helpers/public-incident.js';

/**
 * The published status page as a reader sees it, in a real browser (Debian's Chromium, headless): the
 * incident of issue #30 played on the simulator, its index.html opened from the status branch's files.
 * `STATUS_PAGE_SCREENSHOT=path` also writes the screenshot the README shows.
 */
describeWithChromium(
  'the status page in Chromium (issue #30)',
  () => {
    let browser: Browser;
    let dir: string;
    let files: Record<string, string>;
    beforeAll(async () => {
      ({ files } = await playPublicIncident());
      dir = mkdtempSync(join(tmpdir(), 'status-page-'));
      for (const [path, text] of Object.entries(files)) {
        const name = path.replace(/^status\//, '').replace(/\//g, '__');
        writeFileSync(join(dir, name), text);
      }
      browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    it('the feeds are well-formed Atom 1.0 (by the browser XML parser), with the elements RFC 4287 requires', async () => {
      const page = await browser.newPage();
      for (const path of ['status/feed.atom', 'status/components/checkout.atom']) {
        const report = (await page.evaluate(
          `(() => {
            const doc = new DOMParser().parseFromString(${JSON.stringify(files[path] ?? '')}, 'application/xml');
            const ns = 'http://www.w3.org/2005/Atom';
            const feed = doc.documentElement;
            const child = (el, name) => [...el.children].filter((c) => c.namespaceURI === ns && c.localName === name);
            const entries = child(feed, 'entry');
            return {
              error: doc.getElementsByTagName('parsererror').length,
              root: feed.namespaceURI + ' ' + feed.localName,
              feed: ['id', 'title', 'updated', 'author'].map((n) => child(feed, n).length),
              entries: entries.map((e) => ['id', 'title', 'updated', 'content'].map((n) => child(e, n).length).join('')),
            };
          })()`,
        )) as { error: number; root: string; feed: number[]; entries: string[] };
        expect({ path, ...report }).toEqual({
          path,
          error: 0,
          root: 'http://www.w3.org/2005/Atom feed',
          feed: [1, 1, 1, 1],
          entries: ['1111', '1111', '1111'],
        });
      }
      await page.close();
    });

    for (const scheme of ['light', 'dark'] as const) {
      it(`shows the incident as resolved with both public updates, and no internal text (${scheme})`, async () => {
        const page = await browser.newPage({ colorScheme: scheme, javaScriptEnabled: false });
        // Nothing but the file itself may load: a page that fetched anything would break offline and leak readers.
        const requests: string[] = [];
        page.on('request', (r) => requests.push(r.url()));
        await page.goto(`file://${join(dir, 'index.html')}`);
        const text = await page.innerText('body');
        expect(text).toContain('Acme status');
        expect(text).toContain('All systems operational.');
        expect(text).toMatch(/History[\s\S]*Checkout errors[\s\S]*Resolved/);
        const newer = text.indexOf(PUBLIC[1] as string);
        const older = text.indexOf(PUBLIC[0] as string);
        expect(newer).toBeGreaterThan(0);
        expect(older).toBeGreaterThan(newer);
        for (const internal of INTERNAL) expect(text).not.toContain(internal);
        expect(await page.locator('h1').count()).toBe(1);
        expect(await page.locator('html').getAttribute('lang')).toBe('en');
        expect(await page.getByRole('heading', { name: 'Current incidents' }).count()).toBe(1);
        expect(await page.getByRole('heading', { name: 'History' }).count()).toBe(1);
        // The components' states in words, and Checkout operational again after the close.
        expect(text).toMatch(/Checkout\s+Operational/);
        // A string: the test's own types have no DOM.
        const background = await page.evaluate('getComputedStyle(document.body).backgroundColor');
        expect(background).toBe(scheme === 'dark' ? 'rgb(13, 17, 23)' : 'rgb(255, 255, 255)');
        expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
        const shot = process.env.STATUS_PAGE_SCREENSHOT;
        if (shot && scheme === 'light') await page.screenshot({ path: shot, fullPage: true });
        await page.close();
      }, 30_000);
    }

    it('shows a maintenance window in progress near the top, and its component under maintenance', async () => {
      const html =
        renderStatusPageFiles({
          document: statusPageDocument({
            title: 'Acme status',
            components: ['API', 'Checkout'],
            incidents: [],
            maintenance: [
              {
                id: 'acme/shop#4',
                number: 4,
                title: 'Database upgrade',
                components: ['Checkout'],
                announced_at: '2026-11-20T09:00:00+00:00',
                start: '2026-11-23T11:00:00+00:00',
                end: '2026-11-23T12:00:00+00:00',
                phase: 'in-progress',
              },
            ],
          }),
          feedName: 'acme/shop/status',
        })['index.html'] ?? '';
      writeFileSync(join(dir, 'maintenance.html'), html);
      const page = await browser.newPage({ javaScriptEnabled: false });
      await page.goto(`file://${join(dir, 'maintenance.html')}`);
      const text = await page.innerText('body');
      expect(text).toContain('Maintenance in progress.');
      expect(text).toMatch(
        /Maintenance\s+Database upgrade\s+In progress · Maintenance from 2026-11-23 11:00 UTC to 2026-11-23 12:00 UTC · Affects Checkout/,
      );
      expect(text.indexOf('Database upgrade')).toBeLessThan(text.indexOf('Components'));
      expect(text).toMatch(/Checkout\s+Under maintenance/);
      expect(text).toMatch(/API\s+Operational/);
      expect(await page.getByRole('heading', { name: 'Maintenance' }).count()).toBe(1);
      await page.close();
    }, 30_000);
  },
  describe,
  it,
);
