// A real browser for page tests: Debian's chromium driven by playwright-core (no downloaded
// browsers: never `npx playwright install`). Screenshots go to test-artifacts/ (gitignored),
// and `axeScan` runs axe-core's accessibility rules inside the page.

import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { REPO } from './herald-process.ts';

export const CHROMIUM_PATH = '/usr/bin/chromium';
export const ARTIFACTS_DIR = join(REPO, 'test-artifacts');

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Start chromium headless. Close it in `after`. */
export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
}

/** A phone-sized context (an iPhone 12-15's 390x844 CSS pixels, touch) in a language. */
export async function phoneContext(browser: Browser, options: { locale?: string; javaScriptEnabled?: boolean } = {}): Promise<BrowserContext> {
  const locale = options.locale ?? 'en-GB';
  return browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale,
    extraHTTPHeaders: { 'accept-language': `${locale},${locale.split('-')[0]};q=0.9` },
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    // Pages forbid inline scripts (CSP); the axe scan injects one.
    bypassCSP: true,
  });
}

/** Save a full-page screenshot as test-artifacts/<name>.png; returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(ARTIFACTS_DIR, { recursive: true });
  const path = join(ARTIFACTS_DIR, `${name.replace(/[^a-z0-9_-]+/gi, '-')}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  nodes: { target: string[]; failureSummary?: string }[];
}

let axeSource: string | null = null;

/**
 * Run axe-core in the page (WCAG 2.1 A/AA and best practices) and return the violations of at
 * least `minImpact`. The script is injected through the page, so it needs JavaScript enabled.
 */
export async function axeScan(page: Page, minImpact: 'moderate' | 'serious' | 'critical' = 'serious'): Promise<AxeViolation[]> {
  axeSource ??= readFileSync(join(REPO, 'node_modules/axe-core/axe.min.js'), 'utf8');
  await page.addScriptTag({ content: axeSource });
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (context: unknown, options: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })) }));
  });
  const rank = { minor: 0, moderate: 1, serious: 2, critical: 3 } as const;
  return violations.filter((v) => v.impact !== null && rank[v.impact] >= rank[minImpact]);
}

/** Violations in words, for an assertion message. */
export function describeViolations(violations: readonly AxeViolation[]): string {
  return violations.map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`).join('\n');
}
