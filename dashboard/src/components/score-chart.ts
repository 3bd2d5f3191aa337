import { html } from 'htm/preact';
import { useEffect, useRef } from 'preact/hooks';
import type uPlot from 'uplot';
import { dateTime, points } from '../format.js';

export interface ScorePoint {
  at: number;
  score: number;
}

/** uPlot wants seconds on a time axis and columns, not rows. */
export function chartData(history: readonly ScorePoint[], now: { at: number; score: number } | null): uPlot.AlignedData {
  const sorted = [...history].sort((a, b) => a.at - b.at);
  const last = sorted[sorted.length - 1];
  // Decay keeps working after the last event: end the line at today's score.
  if (now && (!last || now.at > last.at)) sorted.push(now);
  return [sorted.map((p) => p.at / 1000), sorted.map((p) => p.score)];
}

function options(width: number, height: number): uPlot.Options {
  return {
    width,
    height,
    cursor: { drag: { x: true, y: false } },
    legend: { show: true },
    scales: { x: { time: true } },
    axes: [
      { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e5e7eb' } },
      { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e5e7eb' }, size: 44 },
    ],
    series: [
      { label: 'Time', value: (_u, v) => (v === null || v === undefined ? '—' : dateTime(v * 1000)) },
      {
        label: 'Score',
        stroke: '#ea580c',
        width: 2,
        fill: 'rgba(234, 88, 12, 0.08)',
        points: { show: true, size: 5, fill: '#ea580c' },
        value: (_u, v) => (v === null || v === undefined ? '—' : points(v)),
      },
    ],
  };
}

/** Score over time (uPlot, loaded on first use), resized with its container. */
export function ScoreChart({ history, current, height = 220 }: { history: ScorePoint[]; current: ScorePoint | null; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || (!history.length && !current)) return;
    let plot: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const width = () => Math.max(el.clientWidth, 240);
      plot = new UPlot(options(width(), height), chartData(history, current), el);
      resize = new ResizeObserver(() => plot?.setSize({ width: width(), height }));
      resize.observe(el);
    });
    return () => {
      cancelled = true;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [history, current?.at, current?.score, height]);
  if (!history.length && !current) return html`<p class="muted">No score history yet.</p>`;
  return html`<div class="score-chart" ref=${box} role="img" aria-label="Score over time"></div>`;
}
