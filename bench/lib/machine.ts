/** What a benchmark ran on and which code it measured, for the figures in docs/benchmarks.md. */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { availableParallelism, cpus, loadavg, release, totalmem } from 'node:os';

/** `abc1234`, or `abc1234 with uncommitted changes in apps/ or packages/ (diff <hash>)`. */
export function revision(root: string): string {
  const git = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' }).stdout?.trim() ?? '';
  const head = git(['rev-parse', '--short', 'HEAD']) || 'unknown';
  const diff =
    spawnSync('git', ['diff', 'HEAD', '--', 'apps', 'packages'], { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 })
      .stdout ?? '';
  const untracked = git(['ls-files', '--others', '--exclude-standard', '--', 'apps/server', 'packages']);
  if (!diff && !untracked) return head;
  const id = createHash('sha256').update(diff).update(untracked).digest('hex').slice(0, 8);
  return `${head} with uncommitted changes in apps/ or packages/ (diff ${id})`;
}

/** One line: CPUs, model, memory, kernel, Node, load average now. */
export function machineLine(nodeBin: string): string {
  const node = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(', ');
  return (
    `${availableParallelism()} CPUs (${(cpus()[0]?.model ?? 'unknown').trim()}), ` +
    `${(totalmem() / 1024 ** 3).toFixed(1)} GB memory, Linux ${release()}, Node ${node}; load average ${load}`
  );
}
