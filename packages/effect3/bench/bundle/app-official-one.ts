// The baseline program and one command of the official SDK in one bundle (compare `app-one.ts`).
export { baseline } from "./baseline.js"
export { oneCommand } from "../../../../bench/bundle/official-one.js"
