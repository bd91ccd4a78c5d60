/**
 * The live path from a CommonJS bundle (esbuild's default format, the usual way to ship a Lambda):
 * the Node transport loads Node's networking modules when it is made and the signer its libraries
 * on the first signature, and neither may depend on `import.meta.url`, which such a bundle leaves
 * empty.
 */
import { execFile } from "node:child_process"
import * as fs from "node:fs"
import * as Http from "node:http"
import type { AddressInfo } from "node:net"
import * as os from "node:os"
import * as path from "node:path"
import * as esbuild from "esbuild"
import { afterAll, beforeAll, describe, expect, it } from "vitest"

const root = new URL("..", import.meta.url).pathname

let server: Http.Server
let url: string
let seen: { authorization?: string | undefined } = {}

beforeAll(async () => {
  server = Http.createServer((req, res) => {
    seen = { authorization: req.headers.authorization }
    req.resume()
    req.on("end", () => res.writeHead(200, { "content-type": "application/x-amz-json-1.1" }).end("{}"))
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

// CommonJS has no top-level await: the program is one async function.
const program = `
import { makeNodeTransport } from "./src/NodeTransport.ts"
import { Signer } from "./src/Signer.ts"
const main = async () => {
const url = new URL(process.argv[2])
const headers = await new Signer("eu-west-1", "codepipeline").sign(
  { accessKeyId: "AKIDBUNDLE", secretAccessKey: "secret" }, url, { host: url.host }, "{}", Date.now(),
)
const transport = makeNodeTransport()
const response = await transport.send({ url, headers, body: "{}" }, { timeoutMillis: 5000 })
transport.close()
console.log(JSON.stringify({ status: response.status, body: response.body }))
}
main()
`

describe("the live path in a CommonJS bundle", () => {
  it("signs and sends a request", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "core-bundle-"))
    try {
      const file = path.join(dir, "main.cjs")
      await esbuild.build({
        stdin: { contents: program, resolveDir: root, loader: "ts", sourcefile: "main.ts" },
        bundle: true,
        platform: "node",
        format: "cjs",
        outfile: file,
        logLevel: "silent",
      })
      const out = await new Promise<string>((resolve, reject) =>
        execFile(process.execPath, [file, url], { timeout: 20_000 }, (error, stdout, stderr) =>
          error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
        ),
      )
      expect(JSON.parse(out)).toEqual({ status: 200, body: "{}" })
      expect(seen.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDBUNDLE\/\d{8}\/eu-west-1\/codepipeline\/aws4_request/)
    } finally {
      fs.rmSync(dir, { recursive: true, force: true })
    }
  })
})
