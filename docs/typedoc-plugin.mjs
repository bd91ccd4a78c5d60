// @ts-check
/**
 * TypeDoc names a module after its entry point's path (`index`, `testing`); users import the
 * package by name. This names the two entry points as they are imported.
 */
import { Converter } from "typedoc"

const names = new Map([
  ["index", "effect-codepipeline"],
  ["testing", "effect-codepipeline/testing"],
])

/** @param {import("typedoc").Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_RESOLVE_BEGIN, (context) => {
    for (const child of context.project.children ?? []) {
      const name = names.get(child.name)
      if (name !== undefined) child.name = name
    }
  })
}
