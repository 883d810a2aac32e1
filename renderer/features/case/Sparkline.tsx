import { Line, LineChart, ResponsiveContainer, Tooltip, YAxis } from 'recharts';

/** A small trend line; the figures are also given in words (aria-label) for screen readers. */
export function Sparkline({
  values,
  label,
  testId,
}: {
  values: { month: string; v: number }[];
  label: string;
  testId?: string;
}) {
  return (
    <figure className="sparkline" aria-label={label} role="img" data-testid={testId}>
      <ResponsiveContainer width="100%" height={44}>
        <LineChart data={values} margin={{ top: 4, right: 2, bottom: 2, left: 2 }}>
          <YAxis hide domain={['dataMin', 'dataMax']} />
          <Tooltip
            formatter={(v) => Number(v).toLocaleString()}
            labelFormatter={(_, p) => p?.[0]?.payload?.month ?? ''}
          />
          <Line type="monotone" dataKey="v" stroke="#0b57d0" strokeWidth={1.5} dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}
