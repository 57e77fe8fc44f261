/** A panel's title and one line about it; the title takes focus when the user switches panels. */

/** @param {{title: string, children?: import('react').ReactNode}} props */
export function PanelHeading({ title, children }) {
  return (
    <div className="panel-heading">
      <h2 id="panel-title" tabIndex={-1}>
        {title}
      </h2>
      {children && <p className="muted">{children}</p>}
    </div>
  );
}
