/**
 * One client in its own process (bundled by `main.ts`, run with plain `node` through
 * `child_process.fork`). Argument: `{ client, endpoint, op?, warmup }`. It checks one answer, warms
 * up, says `ready`, then measures on request, one round at a time, so that `main.ts` can interleave
 * the rounds of every client and spread out whatever else the machine is doing evenly.
 *
 * - `{ calls: n }`: `n` sequential calls of `op`; replies with client CPU (`process.cpuUsage`, user +
 *   system) and wall time, in µs per call.
 * - `{ list: pageSize }`: one full listing of every pipeline; replies with wall and CPU in ms.
 */
import { check, type ClientKind, makeClient, type Op } from "./clients.js"
import { PIPELINE_COUNT } from "./fixtures.js"

interface Job {
  readonly client: ClientKind
  readonly endpoint: string
  readonly op?: Op | undefined
  readonly pageSize?: number | undefined
  readonly warmup: number
}

export interface Sample {
  readonly cpu: number
  readonly user: number
  readonly system: number
  readonly wall: number
}

type Request = { readonly calls: number } | { readonly list: number }

const job = JSON.parse(process.argv[2]!) as Job
const client = makeClient(job.client, job.endpoint)
const send = (message: object) => process.send!(message)

const measure = async (work: () => Promise<unknown>, per: number, unit: number): Promise<Sample> => {
  const c0 = process.cpuUsage()
  const t0 = process.hrtime.bigint()
  await work()
  const wall = Number(process.hrtime.bigint() - t0) / 1000
  const c = process.cpuUsage(c0)
  return { cpu: (c.user + c.system) / per / unit, user: c.user / per / unit, system: c.system / per / unit, wall: wall / per / unit }
}

const list = async (pageSize: number) => {
  const n = await client.list(pageSize)
  if (n !== PIPELINE_COUNT) throw new Error(`${job.client} listed ${n} pipelines, expected ${PIPELINE_COUNT}`)
}

const main = async () => {
  if (job.op !== undefined) {
    check(job.op, await client.once(job.op))
    await client.run(job.op, job.warmup)
  } else {
    for (let i = 0; i < job.warmup; i++) await list(job.pageSize!)
  }
  process.on("message", (request: Request) => {
    const work =
      "calls" in request ? measure(() => client.run(job.op!, request.calls), request.calls, 1) : measure(() => list(request.list), 1, 1000)
    work.then(send, (error) => {
      console.error(error)
      process.exit(1)
    })
  })
  process.on("disconnect", () => {
    client.close().then(() => process.exit(0))
  })
  send({ ready: true })
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
