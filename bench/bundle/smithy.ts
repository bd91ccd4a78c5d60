// The Smithy libraries this SDK is built on, used as it uses them (`src/services/internal/signer.ts`,
// `src/services/Endpoint.ts`) and nothing else of it: the part of its bundle that the project's fixed
// decisions (sign with `@smithy/signature-v4`, evaluate endpoint rules with Smithy's engine) make
// a floor.
import { customEndpointFunctions, isValidHostLabel, resolveEndpoint } from "@smithy/core/endpoints"
import { Hash } from "@smithy/hash-node"
import { SignatureV4 } from "@smithy/signature-v4"
import type { RuleSetObject } from "@smithy/types"

customEndpointFunctions["aws"] = { partition: () => ({}) }
const url = isValidHostLabel("us-east-1") ? resolveEndpoint({} as RuleSetObject, { endpointParams: { Region: "us-east-1" } }).url : undefined
const signer = new SignatureV4({
  service: "codepipeline",
  region: "us-east-1",
  credentials: { accessKeyId: "id", secretAccessKey: "secret" },
  sha256: Hash.bind(null, "sha256") as unknown as ConstructorParameters<typeof SignatureV4>[0]["sha256"],
})
export const signed = signer.sign({ method: "POST", protocol: "https:", hostname: String(url), path: "/", headers: {} }).then(console.log, console.error)
