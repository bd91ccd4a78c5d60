/** A ```ts block of a markdown file: `line` is the opening fence's, 1-based. */
export interface Block {
  readonly file: string
  readonly line: number
  readonly code: string
  /** The flavor it is compiled against: marked ```ts effect3, or the default. */
  readonly flavor: Flavor
}
export type Flavor = "effect4" | "effect3"
export declare const DEFAULT_FLAVOR: Flavor
export declare const markdownFiles: (root: string) => ReadonlyArray<string>
export declare const extractBlocks: (file: string, text: string) => ReadonlyArray<Block>
export declare const writeSamples: (
  root: string,
  options: { readonly flavor: Flavor; readonly outDir: string },
) => {
  readonly samples: ReadonlyArray<Block & { readonly module: string }>
  readonly canaries: ReadonlyArray<{ readonly name: string; readonly code: string; readonly module: string }>
}
