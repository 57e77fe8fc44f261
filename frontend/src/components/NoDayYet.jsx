/** The empty state of everything day processing feeds: what to run to get a first processed day. */

/** The sentence, to go inside an Empty state (AsyncView's `empty`, or <Empty>). */
export function NoDayYet({ what = 'this' }) {
  return (
    <>
      No day has been processed yet, so there is no {what} to show. Once a day of samples is collected (
      <code>twitchgraph collect samples SAMPLEDIR</code>), run{' '}
      <code>twitchgraph process-day SAMPLEDIR --day YYYY-MM-DD</code> for that day.
    </>
  );
}
