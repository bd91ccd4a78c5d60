// Cold start: a fresh process, `node:http` + `@smithy/signature-v4`, one GetPipelineState.
import * as Http from "node:http"
import { makeNodeSha256 } from "@effect-codepipeline/core/NodeSha256"
import { SignatureV4 } from "@smithy/signature-v4"
import { CREDENTIALS, REGION } from "../fixtures.js"

const url = new URL(process.argv[2]!)
const body = JSON.stringify({ name: "release-pipeline" })
const signer = new SignatureV4({
  service: "codepipeline",
  region: REGION,
  credentials: CREDENTIALS,
  sha256: makeNodeSha256(),
})
signer
  .sign({
    method: "POST",
    protocol: "http:",
    hostname: url.hostname,
    port: Number(url.port),
    path: "/",
    query: {},
    headers: {
      host: url.host,
      "content-type": "application/x-amz-json-1.1",
      "x-amz-target": "CodePipeline_20150709.GetPipelineState",
      "content-length": String(body.length),
    },
    body,
  })
  .then((signed) => {
    const req = Http.request(
      { hostname: url.hostname, port: Number(url.port), path: "/", method: "POST", headers: signed.headers },
      (res) => {
        const chunks: Array<Buffer> = []
        res.on("data", (c: Buffer) => chunks.push(c))
        res.on("end", () => {
          const state = JSON.parse(Buffer.concat(chunks).toString("utf8"))
          process.stdout.write(`${performance.now()} ${state.stageStates?.length}\n`)
        })
      },
    )
    req.end(body)
  })
