import { Link } from 'react-router';
import { Bell, Check, Quote, Radar, ShieldCheck, Sparkles, Users } from 'lucide-react';
import { Logo } from '../../layout/logo.tsx';
import { ScoreBadge } from '../../components/score-badge.tsx';
import { PlatformTag } from '../../components/platform.tsx';

const STEPS = [
  { icon: Radar, title: 'Describe what buyers say', text: 'Write a monitor like "zoominfo alternative" OR "apollo pricing" -job. Preview real matches before you save.' },
  { icon: Sparkles, title: 'Every post scored 1–10', text: 'Buying intent with the reasons: pain points, budget cues, competitors named, decision stage — and the exact quotes behind the score.' },
  { icon: Bell, title: 'Alerted while it is fresh', text: 'Slack, email or webhook within seconds, with quiet hours and digests. Enrich the author and copy a tailored first message.' },
];

const DIFFERENT = [
  ['Evidence, not vibes', 'Each score shows the sentences that earned it, highlighted in the post.'],
  ['Four networks, one feed', 'Reddit, Hacker News, X and LinkedIn, de-duplicated across platforms.'],
  ['Never posts for you', 'No bots, no automated replies, no account risk. You reply as yourself.'],
  ['No AI bill required', 'A local scoring model by default; bring your own LLM if you want one.'],
];

/** The public landing page: what it does, how it differs, pricing. */
export function LandingPage() {
  return (
    <div className="min-h-screen bg-white">
      <header className="mx-auto flex max-w-6xl items-center justify-between px-5 py-5">
        <Logo className="text-lg text-slate-900" />
        <nav aria-label="Account" className="flex items-center gap-2">
          <Link to="/login" className="rounded-lg px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Sign in
          </Link>
          <Link to="/signup" className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-indigo-700">
            Start free trial
          </Link>
        </nav>
      </header>

      <main>
        <section className="mx-auto grid max-w-6xl items-center gap-12 px-5 pb-16 pt-8 lg:grid-cols-2 lg:pt-16">
          <div>
            <p className="inline-flex items-center gap-2 rounded-full bg-indigo-50 px-3 py-1 text-xs font-semibold text-indigo-700">Buying-intent radar for B2B sales</p>
            <h1 className="mt-4 text-4xl font-extrabold leading-tight tracking-tight text-slate-900 sm:text-5xl">Find people shopping for your product — while they are still asking.</h1>
            <p className="mt-5 text-lg leading-relaxed text-slate-600">
              Intent Radar watches Reddit, Hacker News, X and LinkedIn for posts like <em>"looking for a ZoomInfo alternative under $500/month"</em>, scores the buying intent, finds the
              author and tells your team in Slack.
            </p>
            <div className="mt-8 flex flex-wrap gap-3">
              <Link to="/signup" className="rounded-lg bg-indigo-600 px-6 py-3 text-base font-semibold text-white shadow-sm hover:bg-indigo-700">
                Start 7-day free trial
              </Link>
              <a href="#pricing" className="rounded-lg border border-slate-300 px-6 py-3 text-base font-semibold text-slate-800 hover:bg-slate-50">
                See pricing
              </a>
            </div>
            <p className="mt-3 text-sm text-slate-500">No card needed · 250 enrichment credits included</p>
          </div>
          <div aria-hidden className="relative">
            <div className="absolute -inset-4 -z-10 rounded-3xl bg-gradient-to-br from-indigo-100 via-white to-emerald-50" />
            <div className="space-y-3 rounded-2xl border border-slate-200 bg-white p-4 shadow-xl">
              {[
                { s: 9, p: 'reddit', t: 'Ops lead asking for a ZoomInfo alternative under $500/mo for a 6-person SDR team', pain: ['stale contact data', 'price'] },
                { s: 8, p: 'hackernews', t: 'CTO evaluating tools to replace Apollo after bounce rates hit 30%', pain: ['bounce rate'] },
                { s: 6, p: 'linkedin', t: 'RevOps manager comparing enrichment vendors before Q3 budget', pain: ['manual research'] },
              ].map((c) => (
                <div key={c.t} className="flex gap-3 rounded-xl border border-slate-100 p-3">
                  <ScoreBadge score={c.s} />
                  <div className="min-w-0">
                    <PlatformTag platform={c.p} />
                    <p className="mt-1 text-sm font-semibold text-slate-900">{c.t}</p>
                    <div className="mt-1.5 flex gap-1.5">
                      {c.pain.map((x) => (
                        <span key={x} className="rounded-full bg-rose-50 px-2 py-0.5 text-xs text-rose-800">
                          {x}
                        </span>
                      ))}
                    </div>
                  </div>
                </div>
              ))}
            </div>
          </div>
        </section>

        <section className="bg-slate-50 py-16" aria-labelledby="how">
          <div className="mx-auto max-w-6xl px-5">
            <h2 id="how" className="text-3xl font-bold tracking-tight text-slate-900">
              How it works
            </h2>
            <div className="mt-8 grid gap-6 md:grid-cols-3">
              {STEPS.map(({ icon: Icon, title, text }) => (
                <div key={title} className="rounded-2xl border border-slate-200 bg-white p-6">
                  <Icon aria-hidden className="size-6 text-indigo-600" />
                  <h3 className="mt-3 font-semibold text-slate-900">{title}</h3>
                  <p className="mt-2 text-sm leading-relaxed text-slate-600">{text}</p>
                </div>
              ))}
            </div>
          </div>
        </section>

        <section className="py-16" aria-labelledby="diff">
          <div className="mx-auto max-w-6xl px-5">
            <h2 id="diff" className="text-3xl font-bold tracking-tight text-slate-900">
              How it is different
            </h2>
            <div className="mt-8 grid gap-6 sm:grid-cols-2">
              {DIFFERENT.map(([title, text], i) => (
                <div key={title} className="flex gap-4">
                  <div className="rounded-lg bg-emerald-50 p-2 text-emerald-700">{i === 2 ? <ShieldCheck aria-hidden className="size-5" /> : <Quote aria-hidden className="size-5" />}</div>
                  <div>
                    <h3 className="font-semibold text-slate-900">{title}</h3>
                    <p className="mt-1 text-sm text-slate-600">{text}</p>
                  </div>
                </div>
              ))}
            </div>
          </div>
        </section>

        <section id="pricing" className="bg-slate-900 py-16 text-white" aria-labelledby="pricing-h">
          <div className="mx-auto max-w-6xl px-5 text-center">
            <h2 id="pricing-h" className="text-3xl font-bold tracking-tight">
              One plan. Your whole team.
            </h2>
            <div className="mx-auto mt-8 max-w-md rounded-2xl bg-white p-8 text-left text-slate-900 shadow-2xl">
              <p className="text-sm font-semibold text-indigo-600">Intent Radar</p>
              <p className="mt-2">
                <span className="text-5xl font-extrabold">$129</span>
                <span className="text-slate-500">/month, flat</span>
              </p>
              <ul className="mt-6 space-y-2 text-sm">
                {['Unlimited seats', 'Unlimited monitors on all four networks', 'Slack, email and webhook alerts', '250 enrichment credits a month', 'CSV export and REST API'].map((f) => (
                  <li key={f} className="flex items-center gap-2">
                    <Check aria-hidden className="size-4 text-emerald-600" /> {f}
                  </li>
                ))}
              </ul>
              <Link to="/signup" className="mt-8 flex h-12 items-center justify-center rounded-lg bg-indigo-600 font-semibold text-white hover:bg-indigo-700">
                Start 7-day free trial
              </Link>
              <p className="mt-3 flex items-center justify-center gap-1.5 text-xs text-slate-500">
                <Users aria-hidden className="size-3.5" /> Invite everyone — seats are never billed
              </p>
            </div>
          </div>
        </section>
      </main>
      <footer className="py-8 text-center text-xs text-slate-500">© Intent Radar · It never posts anything on your behalf.</footer>
    </div>
  );
}
