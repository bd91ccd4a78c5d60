/**
 * The simulated clock's agenda: a binary min-heap of events by due time, then by insertion order,
 * so that events due at the same instant fire in the order they were scheduled (determinism).
 */

export interface Timer {
  readonly due: number
  readonly seq: number
  readonly fire: () => void
}

export class Timers {
  private readonly heap: Array<Timer> = []
  private seq = 0

  get size(): number {
    return this.heap.length
  }

  schedule(due: number, fire: () => void): void {
    const heap = this.heap
    heap.push({ due, seq: this.seq++, fire })
    let i = heap.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!before(heap[i]!, heap[parent]!)) break
      swap(heap, i, parent)
      i = parent
    }
  }

  /** The due time of the earliest event, or `Infinity`. */
  peek(): number {
    return this.heap.length === 0 ? Number.POSITIVE_INFINITY : this.heap[0]!.due
  }

  pop(): Timer | undefined {
    const heap = this.heap
    if (heap.length === 0) return undefined
    const top = heap[0]!
    const last = heap.pop()!
    if (heap.length > 0) {
      heap[0] = last
      let i = 0
      for (;;) {
        const l = 2 * i + 1
        const r = l + 1
        let m = i
        if (l < heap.length && before(heap[l]!, heap[m]!)) m = l
        if (r < heap.length && before(heap[r]!, heap[m]!)) m = r
        if (m === i) break
        swap(heap, i, m)
        i = m
      }
    }
    return top
  }
}

const before = (a: Timer, b: Timer): boolean => a.due < b.due || (a.due === b.due && a.seq < b.seq)

const swap = (heap: Array<Timer>, i: number, j: number): void => {
  const t = heap[i]!
  heap[i] = heap[j]!
  heap[j] = t
}
