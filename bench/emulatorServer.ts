/**
 * The emulator's command line, bundled for the benchmark (`emulatorSave.ts` spawns it with plain
 * `node`, as `npx effect-codepipeline-emulator` runs): importing the CLI runs it with this
 * process's arguments. (Imported dynamically: the package declares `sideEffects: false`, so a bare
 * static import would be dropped from the bundle.)
 */
await import("../packages/emulator/src/cli.js")
