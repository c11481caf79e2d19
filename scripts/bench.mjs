#!/usr/bin/env node
/**
 * `npm run bench`: serves the built app (dist/), drives bench.html in headless Chromium for each
 * scenario, prints a table and writes bench-results/bench.json. Every figure is a median over
 * repeated steps, and each backend is set against the scenario's baseline measured in the same
 * run: these machines are noisy, so lone absolute times mean little.
 * The "four runs" scenario drives the app itself: it opens a lesson of four runs and records every
 * main-thread long task (> 50 ms) until all four are done, with the app's own scheduling (one
 * fewer worker than cores) and with four workers at once (?workers=4).
 *   node scripts/bench.mjs [--scenarios mlp-2d,cnn-fashion,vit-fashion] [--app four-runs|none] [--port 4175]
 */
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from '@playwright/test';

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const port = Number(arg('--port', '4175'));
const scenarios = arg('--scenarios', 'mlp-2d,mlp-2d-muon,cnn-fashion,vit-fashion').split(',').filter(Boolean);
/** --reference: the Fashion-MNIST-LT reference scenario to the end, CE vs balanced softmax, seeds 1–3, on wasm. */
const reference = args.includes('--reference');
const appScenarios = arg('--app', 'four-runs').split(',').filter((x) => x && x !== 'none');
const root = join(import.meta.dirname, '..');

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

function bundleSizes() {
  const dir = join(root, 'dist', 'assets');
  const files = readdirSync(dir).map((f) => ({ f, bytes: statSync(join(dir, f)).size }));
  const sum = (re) => files.filter(({ f }) => re.test(f)).reduce((a, { bytes }) => a + bytes, 0);
  return {
    mainJs: sum(/^main-.*\.js$/),
    workerJs: sum(/^training\.worker-.*\.js$/),
    allJs: sum(/\.js$/),
    wasm: sum(/\.wasm$/),
  };
}

async function waitForServer(url, tries = 60) {
  for (let i = 0; i < tries; i++) {
    if (serverExited) throw new Error(`vite preview did not start on port ${port}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no server at ${url}`);
}

/**
 * Opens the "logit adjustment" lesson (four runs of the default 2-D scenario) and records the
 * page's long tasks from the click until every run is done. The mouse rests outside the charts.
 */
async function fourRuns(workers) {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 } });
  await page.goto(`http://127.0.0.1:${port}/${workers ? `?workers=${workers}` : ''}`);
  await page.getByTestId('view-lessons').click();
  await page.waitForTimeout(1000);
  await page.evaluate(() => {
    globalThis.__tasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) globalThis.__tasks.push(e.duration);
    }).observe({ type: 'longtask' });
  });
  const started = Date.now();
  await page.getByTestId('open-lesson-logit-adjustment').click();
  await page.mouse.move(0, 0);
  await page.locator('[data-testid="leaderboard-row"][data-status="done"]').nth(3).waitFor({ timeout: 15 * 60_000 });
  const wallMs = Date.now() - started;
  const tasks = await page.evaluate(() => globalThis.__tasks);
  const parallel = await page.evaluate(() => navigator.hardwareConcurrency);
  await page.close();
  return {
    id: 'four-runs',
    workers: workers ?? Math.max(1, parallel - 1),
    forced: workers !== null,
    wallMs,
    longTasks: tasks.length,
    longestMs: tasks.length ? Math.max(...tasks) : 0,
    medianLongTaskMs: tasks.length ? median(tasks) : 0,
    p95LongTaskMs: tasks.length ? quantile(tasks, 0.95) : 0,
    totalBlockingMs: tasks.reduce((a, d) => a + d - 50, 0),
  };
}

// A server already on the port would answer in place of ours, with another build: refuse.
if (await fetch(`http://127.0.0.1:${port}/`).then(() => true, () => false)) {
  throw new Error(`port ${port} is already serving something: stop it or pick another with --port`);
}
// Vite itself, not through npx: killing npx would leave the server running after the bench, and
// the next bench on this port would then measure whatever that old server serves.
const server = spawn(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], {
  cwd: root,
  stdio: 'ignore',
});
let serverExited = false;
server.on('exit', () => (serverExited = true));
const browser = await chromium
  .launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--enable-unsafe-webgpu', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  })
  .catch((e) => {
    server.kill();
    throw e;
  });
const report = { date: new Date().toISOString(), machine: { cores: (await import('node:os')).cpus().length }, bundles: bundleSizes(), scenarios: [] };
try {
  await waitForServer(`http://127.0.0.1:${port}/bench.html`);
  for (const id of scenarios) {
    const page = await browser.newPage();
    await page.goto(`http://127.0.0.1:${port}/bench.html?scenario=${id}`);
    await page.waitForFunction(() => globalThis.__bench?.done, null, { timeout: 30 * 60_000, polling: 1000 });
    const results = await page.evaluate(() => globalThis.__bench.results);
    await page.close();
    const baseline = results.find((r) => r.ok);
    const baseMedian = baseline ? median(baseline.stepMs) : NaN;
    report.scenarios.push({
      id,
      baseline: baseline?.label ?? null,
      results: results.map((r) =>
        r.ok
          ? {
              ...r,
              medianStepMs: median(r.stepMs),
              p25StepMs: quantile(r.stepMs, 0.25),
              p75StepMs: quantile(r.stepMs, 0.75),
              samplesPerSecond: (r.batchSize * 1000) / median(r.stepMs),
              speedupVsBaseline: baseMedian / median(r.stepMs),
            }
          : r,
      ),
    });
  }
  if (appScenarios.includes('four-runs')) {
    report.app = [];
    for (const workers of [null, 4]) report.app.push(await fourRuns(workers));
  }
  if (reference) {
    report.reference = [];
    for (const method of ['ce', 'balanced-softmax']) {
      for (const seed of [1, 2, 3]) {
        const page = await browser.newPage();
        await page.goto(`http://127.0.0.1:${port}/bench.html?scenario=cnn-fashion&backends=wasm&finish=wasm&timing=off&method=${method}&seed=${seed}`);
        await page.waitForFunction(() => globalThis.__bench?.done, null, { timeout: 30 * 60_000, polling: 1000 });
        report.reference.push(...(await page.evaluate(() => globalThis.__bench.results)));
        await page.close();
      }
    }
  }
} finally {
  await browser.close();
  server.kill();
}

mkdirSync(join(root, 'bench-results'), { recursive: true });
writeFileSync(join(root, 'bench-results', 'bench.json'), `${JSON.stringify(report, null, 2)}\n`);

const pad = (s, n) => String(s).padEnd(n);
const memoryLine = (r) =>
  r.finish ? `  whole run on ${r.label}: ${r.finish.steps} steps, tensors ${r.finish.tensorsAfterFirstSteps} after the first steps, at most ${r.finish.tensorsMax}, ${r.finish.tensorsAtEnd} at the end, ${r.finish.tensorsAfterDispose} after dispose` : null;
console.log(`\nLong-Tail Lab benchmark — ${report.date}, ${report.machine.cores} cores`);
console.log(`bundles: main ${(report.bundles.mainJs / 1e3).toFixed(0)} kB, worker ${(report.bundles.workerJs / 1e3).toFixed(0)} kB, all JS ${(report.bundles.allJs / 1e3).toFixed(0)} kB, wasm ${(report.bundles.wasm / 1e3).toFixed(0)} kB`);
for (const s of report.scenarios) {
  console.log(`\n${s.id} (baseline: ${s.baseline})`);
  console.log(`${pad('backend', 18)} ${pad('ms/step median', 15)} ${pad('p25–p75', 16)} ${pad('samples/s', 10)} ${pad('× baseline', 11)} ${pad('finish s', 9)} ${pad('tensors', 12)} final acc / few`);
  console.log('  (tensors: after the first step → after the timed steps → after dispose)');
  for (const r of s.results) {
    if (!r.ok) {
      console.log(`${pad(r.label ?? r.backend, 18)} failed: ${r.error}`);
      continue;
    }
    const f = r.finish;
    console.log(
      `${pad(r.label ?? r.backend, 18)} ${pad(r.medianStepMs.toFixed(1), 15)} ${pad(`${r.p25StepMs.toFixed(1)}–${r.p75StepMs.toFixed(1)}`, 16)} ${pad(r.samplesPerSecond.toFixed(0), 10)} ${pad(r.speedupVsBaseline.toFixed(2), 11)} ${pad(f ? (f.wallMs / 1000).toFixed(1) : '—', 9)} ${pad(`${r.tensorsStart}→${r.tensorsEnd}→${r.tensorsAfterDispose}`, 12)} ${f ? `${(f.accuracy * 100).toFixed(1)} / ${(f.few * 100).toFixed(1)}` : '—'}`,
    );
  }
  for (const r of s.results) if (r.ok && memoryLine(r)) console.log(memoryLine(r));
}
const adam = report.scenarios.find((s) => s.id === 'mlp-2d');
const muon = report.scenarios.find((s) => s.id === 'mlp-2d-muon');
if (adam && muon) {
  console.log('\nMuon against Adam, ms per step (MLP 2-64-64-10, batch 128; mlp-2d-muon against mlp-2d)');
  for (const r of muon.results.filter((x) => x.ok)) {
    const a = adam.results.find((x) => x.ok && x.label === r.label);
    if (a) console.log(`${pad(r.label, 18)} Adam ${pad(a.medianStepMs.toFixed(2), 8)} Muon ${pad(r.medianStepMs.toFixed(2), 8)} × ${(r.medianStepMs / a.medianStepMs).toFixed(2)}`);
  }
}
if (report.app) {
  console.log('\nFour runs at once in the app (lesson "logit adjustment": 2-D blobs, MLP, 4 methods), main-thread long tasks (> 50 ms) from the click until all are done');
  console.log(`${pad('workers at once', 22)} ${pad('all done s', 11)} ${pad('long tasks', 11)} ${pad('longest ms', 11)} ${pad('median ms', 10)} ${pad('p95 ms', 7)} blocking ms`);
  for (const a of report.app) {
    console.log(
      `${pad(`${a.workers}${a.forced ? ' (?workers=4)' : ' (app default)'}`, 22)} ${pad((a.wallMs / 1000).toFixed(1), 11)} ${pad(a.longTasks, 11)} ${pad(a.longestMs.toFixed(0), 11)} ${pad(a.medianLongTaskMs.toFixed(0), 10)} ${pad(a.p95LongTaskMs.toFixed(0), 7)} ${a.totalBlockingMs.toFixed(0)}`,
    );
  }
}
if (report.reference) {
  console.log('\nReference scenario to the end on wasm (Fashion-MNIST-LT, n_max 1,000, ρ 100, CNN, Adam 1e-3, batch 128, 10 epochs; balanced test set, 500 per class)');
  console.log(`${pad('method', 18)} ${pad('seed', 5)} ${pad('overall', 8)} ${pad('many', 6)} ${pad('medium', 7)} ${pad('few', 6)} ${pad('ECE', 6)} time s`);
  for (const r of report.reference) {
    const f = r.finish;
    if (!r.ok || !f) {
      console.log(`${pad(r.method ?? '?', 18)} failed: ${r.error}`);
      continue;
    }
    const p1 = (v) => pad((v * 100).toFixed(1), 7);
    console.log(`${pad(r.method, 18)} ${pad(r.seed, 5)} ${p1(f.accuracy)}  ${p1(f.many)}${p1(f.medium)} ${p1(f.few)}${p1(f.ece)}${(f.wallMs / 1000).toFixed(1)}`);
  }
  for (const method of ['ce', 'balanced-softmax']) {
    const rows = report.reference.filter((r) => r.ok && r.method === method && r.finish);
    const mean = (k) => rows.reduce((a, r) => a + r.finish[k], 0) / rows.length;
    console.log(`${pad(method, 18)} mean  ${(mean('accuracy') * 100).toFixed(1)} overall, ${(mean('few') * 100).toFixed(1)} few over ${rows.length} seeds`);
  }
}
console.log('\nwritten: bench-results/bench.json');
