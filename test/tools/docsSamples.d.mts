/** A ```ts block of a markdown file: `line` is the opening fence's, 1-based. */
export interface Block {
  readonly file: string
  readonly line: number
  readonly code: string
}
export declare const markdownFiles: (root: string) => ReadonlyArray<string>
export declare const extractBlocks: (file: string, text: string) => ReadonlyArray<Block>
export declare const writeSamples: (root: string) => {
  readonly samples: ReadonlyArray<Block & { readonly module: string }>
  readonly canaries: ReadonlyArray<{ readonly name: string; readonly code: string; readonly module: string }>
}
