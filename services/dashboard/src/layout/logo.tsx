export function Logo({ className = '' }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-bold tracking-tight ${className}`}>
      <svg aria-hidden viewBox="0 0 32 32" className="size-7">
        <circle cx="16" cy="16" r="15" fill="#4f46e5" />
        <circle cx="16" cy="16" r="9" fill="none" stroke="#fff" strokeWidth="2.5" />
        <circle cx="16" cy="16" r="3" fill="#fff" />
        <path d="M16 16 L27 7" stroke="#fff" strokeWidth="2.5" strokeLinecap="round" />
      </svg>
      Intent Radar
    </span>
  );
}
