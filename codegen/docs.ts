/**
 * Smithy documentation is HTML; TSDoc is Markdown-ish text inside a block comment. This turns one
 * into the other well enough for editor hovers: paragraphs, inline code, links, lists and the
 * `<note>`/`<important>` call-outs the AWS models use.
 */
const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&quot;": '"', "&#39;": "'", "&nbsp;": " " }

export const htmlToText = (html: string): string => {
  let s = html.replace(/\s+/g, " ")
  s = s.replace(/<code>\s*(.*?)\s*<\/code>/g, (_, c: string) => "`" + c.replace(/`/g, "'") + "`")
  s = s.replace(/<a [^>]*href="([^"]*)"[^>]*>(.*?)<\/a>/g, (_, href: string, text: string) => `[${text.trim()}](${href})`)
  s = s.replace(/<note>/g, "\n\nNote: ").replace(/<important>/g, "\n\nImportant: ")
  s = s
    .replace(/<li>/g, "\n- ")
    .replace(/<\/(p|ul|ol|note|important)>/g, "\n\n")
    .replace(/<p>/g, "\n\n")
  s = s.replace(/<\/?[a-zA-Z][^>]*>/g, "")
  s = s.replace(/&[a-z#0-9]+;/g, (e) => entities[e] ?? e)
  return s
    .split("\n")
    .map((l) => l.trim())
    .join("\n")
    .replace(/\n(Note|Important):\n+/g, "\n$1: ")
    .replace(/\n{3,}/g, "\n\n")
    .trim()
}

/** Where prose in a generated comment wraps, counted from the comment's ` * `. */
const WIDTH = 100

/**
 * `line` broken at spaces into lines of at most {@link WIDTH} characters (a word longer than that,
 * a URL say, stands alone). A list item's continuation lines are indented under its text.
 */
const wrap = (line: string): Array<string> => {
  if (line.length <= WIDTH) return [line]
  const hanging = line.startsWith("- ") ? "  " : ""
  const out: Array<string> = []
  let current = ""
  for (const word of line.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > WIDTH) {
      out.push(current)
      current = hanging + word
    } else current = current === "" ? word : `${current} ${word}`
  }
  if (current !== "") out.push(current)
  return out
}

/** A TSDoc block at the given indentation, or "" when there is nothing to say. */
export const tsdoc = (html: string | undefined, indent = "", tags: ReadonlyArray<string> = []): string => {
  const text = html ? htmlToText(html) : ""
  const lines = [...(text ? text.split("\n") : []), ...(text && tags.length ? [""] : []), ...tags].flatMap(wrap)
  if (lines.length === 0) return ""
  const safe = lines.map((l) => l.replace(/\*\//g, "*\\/"))
  return `${indent}/**\n${safe.map((l) => (l ? `${indent} * ${l}` : `${indent} *`)).join("\n")}\n${indent} */\n`
}
