/** "1 incident", "2 incidents", "2 watches" (`many` for a plural other than noun + s). */
export function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}
