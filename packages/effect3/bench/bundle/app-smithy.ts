// The baseline program and the Smithy signer this SDK is built on (`smithy.ts`), in one bundle.
export { baseline } from "./baseline.js"
export { signed } from "../../../../bench/bundle/smithy.js"
