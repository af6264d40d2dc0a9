const UNITS: [number, string][] = [
  [60, 's'],
  [60, 'm'],
  [24, 'h'],
  [30, 'd'],
  [12, 'mo'],
];

/** "5m", "3h", "2d" ago; compact so cards keep one line. */
export function timeAgo(iso: string, now = Date.now()): string {
  let v = Math.max(0, (now - new Date(iso).getTime()) / 1000);
  for (const [size, unit] of UNITS) {
    if (v < size) return `${Math.floor(v)}${unit} ago`;
    v /= size;
  }
  return `${Math.floor(v)}y ago`;
}

export const formatDate = (iso: string | null) => (iso ? new Date(iso).toLocaleDateString(undefined, { year: 'numeric', month: 'short', day: 'numeric' }) : '—');
export const formatDateTime = (iso: string | null) =>
  iso ? new Date(iso).toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' }) : '—';
