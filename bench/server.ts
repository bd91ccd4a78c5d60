/**
 * The loopback CodePipeline the benchmarks talk to, run in its own process (`child_process.fork`)
 * so that its CPU never counts as the client's. Listens on 127.0.0.1 with a free port, reports
 * the port over IPC, and exits when the parent disconnects.
 *
 * - `GetPipelineState`: a fixed ~4 KB state (6 stages × 3 actions).
 * - `CreatePipeline`: echoes the declared pipeline with `version: 1`, as the service does.
 * - `ListPipelines`: 10,000 pipelines, pages of `maxResults` (default 100), `t<offset>` tokens.
 */
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import { listPipelinesPage, pipelineStateBody } from "./fixtures.js"

const STATE = JSON.stringify(pipelineStateBody)
const pages = new Map<string, string>()

const reply = (res: Http.ServerResponse, status: number, body: string) => {
  res.writeHead(status, {
    "content-type": "application/x-amz-json-1.1",
    "content-length": Buffer.byteLength(body),
    "x-amzn-requestid": "b1d2e3f4-0000-4000-8000-000000000000",
  })
  res.end(body)
}

const server = Http.createServer((req, res) => {
  const chunks: Array<Buffer> = []
  req.on("data", (c: Buffer) => chunks.push(c))
  req.on("end", () => {
    const target = req.headers["x-amz-target"]
    if (typeof req.headers["authorization"] !== "string")
      return reply(res, 400, '{"__type":"MissingAuthenticationTokenException","message":"no signature"}')
    switch (target) {
      case "CodePipeline_20150709.GetPipelineState":
        return reply(res, 200, STATE)
      case "CodePipeline_20150709.CreatePipeline": {
        const input = JSON.parse(Buffer.concat(chunks).toString("utf8"))
        return reply(res, 200, JSON.stringify({ pipeline: { ...input.pipeline, version: 1 }, tags: input.tags }))
      }
      case "CodePipeline_20150709.ListPipelines": {
        const input = JSON.parse(Buffer.concat(chunks).toString("utf8"))
        const size = typeof input.maxResults === "number" ? input.maxResults : 100
        const offset = typeof input.nextToken === "string" ? Number(input.nextToken.slice(1)) : 0
        const key = `${offset}/${size}`
        let page = pages.get(key)
        if (page === undefined) pages.set(key, (page = JSON.stringify(listPipelinesPage(offset, size))))
        return reply(res, 200, page)
      }
      default:
        return reply(res, 400, JSON.stringify({ __type: "UnknownOperationException", message: String(target) }))
    }
  })
})
server.keepAliveTimeout = 60_000

// Run by hand (`node bench/.out/server.js`), it prints its port and stays up (BENCH_PORT fixes it).
server.listen(Number(process.env["BENCH_PORT"] ?? 0), "127.0.0.1", () => {
  const port = (server.address() as AddressInfo).port
  if (process.send) process.send({ port })
  else process.stdout.write(`http://127.0.0.1:${port}\n`)
})
process.on("disconnect", () => {
  server.closeAllConnections()
  server.close(() => process.exit(0))
})
