import { html } from 'htm/preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type uPlot from 'uplot';
import { clockTime, dateTime, dayMonth, points } from '../format.js';

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

/** Axis ticks (seconds) in the dashboard's format: days for a long history, the time of day for a short one. */
export function axisLabels(splits: readonly number[]): string[] {
  const spanS = splits.length > 1 ? splits[splits.length - 1]! - splits[0]! : 0;
  return splits.map((s) => (spanS < 2 * 86_400 ? clockTime(s * 1000).slice(0, 5) : dayMonth(s * 1000)));
}

/** The readout under the chart: the hovered point, else the latest one (never a row of dashes). */
export function readout(data: uPlot.AlignedData, idx: number | null | undefined): string {
  const xs = data[0];
  const i = idx === null || idx === undefined ? xs.length - 1 : idx;
  const at = xs[i];
  const score = data[1]![i];
  if (at === undefined || score === null || score === undefined) return '';
  return `${dateTime(at * 1000)} · score ${points(score)}`;
}

function options(width: number, height: number, onCursor: (idx: number | null) => void): uPlot.Options {
  return {
    width,
    height,
    cursor: { drag: { x: true, y: false } },
    legend: { show: false },
    scales: { x: { time: true } },
    axes: [
      // The dashboard's date format, not uPlot's US month/day.
      { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e5e7eb' }, values: (_u, splits) => axisLabels(splits) },
      { stroke: '#6b7280', grid: { stroke: '#eef0f3' }, ticks: { stroke: '#e5e7eb' }, size: 44 },
    ],
    series: [
      {},
      { label: 'Score', stroke: '#ea580c', width: 2, fill: 'rgba(234, 88, 12, 0.08)', points: { show: true, size: 5, fill: '#ea580c' } },
    ],
    hooks: { setCursor: [(u) => onCursor(u.cursor.idx ?? null)] },
  };
}

/** Score over time (uPlot, loaded on first use), resized with its container. */
export function ScoreChart({ history, current, height = 220 }: { history: ScorePoint[]; current: ScorePoint | null; height?: number }) {
  const box = useRef<HTMLDivElement>(null);
  const data = useMemo(() => chartData(history, current), [history, current?.at, current?.score]);
  const [hovered, setHovered] = useState<number | null>(null);
  useEffect(() => {
    const el = box.current;
    if (!el || !data[0].length) return;
    let plot: uPlot | null = null;
    let resize: ResizeObserver | null = null;
    let cancelled = false;
    void import('uplot').then(({ default: UPlot }) => {
      if (cancelled) return;
      const width = () => Math.max(el.clientWidth, 240);
      plot = new UPlot(options(width(), height, setHovered), data, el);
      resize = new ResizeObserver(() => plot?.setSize({ width: width(), height }));
      resize.observe(el);
    });
    return () => {
      cancelled = true;
      resize?.disconnect();
      plot?.destroy();
    };
  }, [data, height]);
  if (!data[0].length) return html`<p class="muted">No score history yet.</p>`;
  return html`<div class="score-chart" ref=${box} role="img" aria-label="Score over time"></div>
    <p class="chart-readout muted small" aria-live="off">${readout(data, hovered)}</p>`;
}
