/**
 * Writes docs/emulator-controls.openapi.json: the emulator control API's OpenAPI document, as the
 * emulator serves it at GET /_emulator/openapi.json (`npm run docs:controls`; a test in
 * packages/core/test/emulator.controls.test.ts fails when the committed file differs).
 */
import { writeFileSync } from "node:fs"
import { openApiDocument } from "../../packages/core/src/Emulator.js"

const file = new URL("../emulator-controls.openapi.json", import.meta.url)
writeFileSync(file, `${JSON.stringify(openApiDocument(), null, 2)}\n`)
console.log(`wrote ${file.pathname}`)
