/** A one-line progress bar for stderr; on a non-TTY it prints a line every 10% instead of redrawing. */
export function createProgressBar(err: { write(text: string): void; isTTY?: boolean }, total: number, label: string) {
  const width = 30;
  let lastDecile = -1;
  const render = (done: number) => {
    const ratio = total === 0 ? 1 : done / total;
    if (err.isTTY) {
      const filled = Math.round(ratio * width);
      err.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${done}/${total}`);
      return;
    }
    const decile = Math.floor(ratio * 10);
    if (decile !== lastDecile) {
      lastDecile = decile;
      err.write(`${label}: ${done}/${total} (${Math.round(ratio * 100)}%)\n`);
    }
  };
  render(0);
  return {
    update: render,
    finish(done: number) {
      render(done);
      if (err.isTTY) err.write('\n');
    },
  };
}
