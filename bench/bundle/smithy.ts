// The Smithy signer this SDK is built on, used as it uses it (the core's `packages/core/src/Signer.ts`,
// hashing with the core's `NodeSha256`) and nothing else of it: the part of its bundle that the
// project's fixed decision (sign with `@smithy/signature-v4`) makes a floor.
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
