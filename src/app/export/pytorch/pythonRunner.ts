/**
 * Test helpers that run the exported train.py with a Python that has PyTorch (Node only).
 * PYTHON names the interpreter; else /usr/bin/python3 (Debian's python3-torch), else python3.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { ProjectFiles } from './bundle';

export function pythonCommand(): string {
  if (process.env.PYTHON) return process.env.PYTHON;
  return existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
}

/** Null when `python` imports torch; otherwise why not, in words a CI log can act on. */
export function torchProblem(python = pythonCommand()): string | null {
  const probe = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (probe.status === 0) return null;
  const why = (probe.stderr || probe.error?.message || '').trim().split('\n').slice(-1)[0] ?? '';
  return (
    `${python} cannot import torch (${why}). Install PyTorch for it (Debian: apt-get install python3-torch ` +
    'python3-torchvision; .ci/run does this) or set PYTHON to an interpreter that has it.'
  );
}

/** Writes a project into a fresh folder under `parent` (a temp dir by default) and returns the folder. */
export function writeProject(files: ProjectFiles, name: string, parent?: string): string {
  const root = parent ?? mkdtempSync(join(tmpdir(), 'ltl-pytorch-'));
  const dir = join(root, name);
  for (const [path, content] of Object.entries(files)) {
    const full = join(dir, path);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
  return dir;
}

/** Runs `python args…` in `cwd`; throws with its output when it fails. */
export function runPython(args: string[], options: { cwd?: string; env?: Record<string, string>; timeoutMs?: number } = {}): string {
  const result = spawnSync(pythonCommand(), args, {
    cwd: options.cwd,
    env: { ...process.env, ...options.env },
    encoding: 'utf8',
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.status !== 0) {
    throw new Error(`python ${args.join(' ')} failed (${result.status ?? result.signal}):\n${result.stderr}\n${result.stdout}`.slice(0, 8000));
  }
  return result.stdout;
}
