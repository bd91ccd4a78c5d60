/**
 * What both flavors' breakdowns share (`bench/effect4/breakdown.ts`,
 * `packages/effect3/bench/breakdown.ts`; each times its own flavor's steps in its own `effect`):
 * the clock, and the table of medians over several processes. Effect-free.
 *
 * A step's figure is the CPU µs per call, the median of `ROUNDS` rounds of `CALLS` calls after
 * `WARMUP_ROUNDS` rounds, in each of `PROCESSES` processes; the table shows, for each step, the
 * median of the processes' figures. Why both:
 * - Warm-up: a step is timed as it runs in a long-lived client, once V8 has compiled it with its
 *   optimizing tier, and the generated codec's functions for an 8 KB payload get there late.
 *   Decoding the `CreatePipeline` echo after one warm-up round of 5,000 calls measured anywhere
 *   from 2.2 to 6.6 µs, depending on the process (tier-up timing, `--trace-opt`), and 2.0–2.1 µs in
 *   each of six processes after 30,000 calls (2026-12-05, Node 24).
 * - Processes: on the 2-core bench machine, a whole process can run slow. In ten processes of the
 *   Effect 4 breakdown with that warm-up, checking the `CreatePipeline` input measured 5.6–6.3 µs
 *   in six and 8.0–11.1 µs in four, and the other steps of the slow processes were slow too.
 */
import { spawnSync } from "node:child_process"

export const QUICK = process.argv.includes("--quick")
const CHILD = process.argv.includes("--child")
export const ROUNDS = QUICK ? 3 : 7
export const CALLS = QUICK ? 500 : 5000
export const WARMUP_ROUNDS = QUICK ? 1 : 6
export const PROCESSES = QUICK ? 1 : 5

export const median = (xs: ReadonlyArray<number>): number => [...xs].sort((a, b) => a - b)[xs.length >> 1]!

export const cpu = (): number => {
  const c = process.cpuUsage()
  return c.user + c.system
}

/** The median of `ROUNDS` rounds of `round()`, each returning µs per call, after the warm-up rounds. */
export const rounds = async (round: () => Promise<number>): Promise<number> => {
  for (let r = 0; r < WARMUP_ROUNDS; r++) await round()
  const samples: Array<number> = []
  for (let r = 0; r < ROUNDS; r++) samples.push(await round())
  return median(samples)
}

/** µs per call of `f`, called `CALLS` times a round; awaited only when it returns a promise. */
export const time = (f: () => unknown): Promise<number> =>
  rounds(async () => {
    const c0 = cpu()
    for (let i = 0; i < CALLS; i++) {
      const result = f()
      if (result instanceof Promise) await result
    }
    return (cpu() - c0) / CALLS
  })

/** Each step's µs per call, for one operation. */
export interface Steps {
  readonly validate: number
  readonly stringify: number
  readonly sign: number
  readonly parse: number
  readonly decode: number
  readonly whole: number
  readonly floor: number
}

export interface Column {
  readonly name: string
  readonly steps: Steps
}

/**
 * Runs a breakdown: as a child (`--child`), `measure()` once, its columns printed as JSON; else
 * this script in `PROCESSES` child processes, one after another, and the markdown table of each
 * step's median over them. `file` names the breakdown in the table's caption.
 */
export const runBreakdown = async (file: string, measure: () => Promise<ReadonlyArray<Column>>): Promise<void> => {
  if (CHILD) return void process.stdout.write(JSON.stringify(await measure()))
  if (PROCESSES === 1) return void console.log(table(file, await measure()))
  const runs: Array<ReadonlyArray<Column>> = []
  for (let p = 0; p < PROCESSES; p++) {
    const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), "--child"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "inherit"],
    })
    if (child.status !== 0) throw new Error(`breakdown process ${p + 1} exited with ${child.status}`)
    runs.push(JSON.parse(child.stdout))
  }
  const stepsOf = (i: number): Steps => {
    const steps: Record<string, number> = {}
    for (const step of Object.keys(runs[0]![i]!.steps) as Array<keyof Steps>) steps[step] = median(runs.map((run) => run[i]!.steps[step]))
    return steps as unknown as Steps
  }
  console.log(
    table(
      file,
      runs[0]!.map((column, i) => ({ name: column.name, steps: stepsOf(i) })),
    ),
  )
}

const table = (file: string, columns: ReadonlyArray<Column>): string => {
  const f = (x: number) => x.toFixed(1)
  const row = (label: string, value: (s: Steps) => number) => `| ${label} | ${columns.map((c) => f(value(c.steps))).join(" | ")} |`
  return [
    `Where the client CPU of a call goes (\`${file}\`): each step timed alone, no network; µs per call, the median over ${PROCESSES} process(es) of each one's median of ${ROUNDS} rounds of ${CALLS.toLocaleString("en")} calls after ${WARMUP_ROUNDS} warm-up rounds (\`bench/breakdown.ts\`). The whole call runs through the live layer with a transport that answers from memory, in one Effect loop as in the per-call rows.`,
    "",
    `| step | ${columns.map((c) => c.name).join(" | ")} |`,
    `| --- | ${columns.map(() => "--:").join(" | ")} |`,
    row("validate and encode the input (`encodeInput`)", (s) => s.validate),
    row("`JSON.stringify`", (s) => s.stringify),
    row("sign (`@smithy/signature-v4`, payload hash included)", (s) => s.sign),
    row("`JSON.parse`", (s) => s.parse),
    row("decode the output (the codec's `decode`)", (s) => s.decode),
    row("whole call, transport answering from memory", (s) => s.whole),
    row("the floor's steps: `JSON.stringify`, sign, `JSON.parse`", (s) => s.floor),
    row("whole call minus the floor's steps", (s) => s.whole - s.floor),
    row("… of which validating the input and decoding the output", (s) => s.validate + s.decode),
  ].join("\n")
}
