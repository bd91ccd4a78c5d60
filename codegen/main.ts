/** `npm run codegen`: regenerate every generated file from ../shared/models/codepipeline.json. */
import * as fs from "node:fs"
import * as path from "node:path"
import { generate } from "./generate.js"
import { loadModel } from "./model.js"

const root = new URL("..", import.meta.url)
for (const [file, content] of generate(loadModel())) {
  const target = path.join(root.pathname, file)
  fs.mkdirSync(path.dirname(target), { recursive: true })
  const previous = fs.existsSync(target) ? fs.readFileSync(target, "utf8") : undefined
  if (previous !== content) {
    fs.writeFileSync(target, content)
    console.log(`wrote ${file}`)
  }
}
