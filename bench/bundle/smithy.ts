// The Smithy signer through its public `SignatureV4` (hashing with the core's `NodeSha256`), and
// nothing else of it: what signing with `@smithy/signature-v4` the documented way adds to a bundle.
// The SDK signs with the library's building blocks instead (`packages/core/src/internal/sigv4.ts`),
// which adds less.
import { makeNodeSha256 } from "@effect-codepipeline/core/NodeSha256"
import { SignatureV4 } from "@smithy/signature-v4"

const signer = new SignatureV4({
  service: "codepipeline",
  region: "us-east-1",
  credentials: { accessKeyId: "id", secretAccessKey: "secret" },
  sha256: makeNodeSha256(),
})
export const signed = signer
  .sign({ method: "POST", protocol: "https:", hostname: "codepipeline.us-east-1.amazonaws.com", path: "/", headers: {} })
  .then(console.log, console.error)
