// Lanes: greedy interval-graph colouring over the pixel boxes the entries occupy (shape and
// label), in start order. Each box goes into the first lane that is free at its start, so
// nothing overlaps and the chart stays as low as this order allows.

const GAP = 8; // px between neighbours in a lane

export function assignLanes(boxes) {
  const order = boxes.map((b, i) => i).sort((a, b) => boxes[a].x0 - boxes[b].x0 || a - b);
  const laneEnds = [];
  const lanes = new Array(boxes.length);
  for (const i of order) {
    let lane = laneEnds.findIndex((end) => end + GAP <= boxes[i].x0);
    if (lane === -1) lane = laneEnds.push(-Infinity) - 1;
    laneEnds[lane] = boxes[i].x1;
    lanes[i] = lane;
  }
  return { lanes, count: laneEnds.length };
}
