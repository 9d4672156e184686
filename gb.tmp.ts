import { groupedBars } from './src/report/charts';
import { toSvg } from './src/report/plot';
(async () => {
  const svg = await toSvg(groupedBars({ title: 't', yLabel: 'KL', groupLabel: 'model', logY: true, rows: [{ group: 'a', series: 'adam', y: 1e-3, lo: 1e-4, hi: 1e-2 }, { group: 'a', series: 'spsa', y: 0.3, lo: 0.1, hi: 0.5 }] }));
  console.log(svg.includes('NaN'), svg.length);
  console.log(svg.match(/<g class="mark-[a-z]+ role-[a-z-]+[^"]*"/g));
  console.log(svg.slice(svg.indexOf('mark-rect role-mark'), svg.indexOf('mark-rect role-mark')+600));
})();
