// The tiny element builder every view uses. Text goes in as text nodes only, never as HTML (H-19).

export type Child = Node | string | number | null | undefined | false;

export interface ElementProps {
  /** Stable hook for e2e tests (data-testid). */
  testid?: string;
  className?: string;
  /** Plain attributes. Event-handler and style attributes are refused: CSP forbids them anyway. */
  attrs?: Readonly<Record<string, string>>;
  on?: { readonly [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

const FORBIDDEN_ATTRIBUTE = /^(on|style$|srcdoc$)/i;

export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: ElementProps = {},
  children: readonly Child[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (props.testid) node.dataset.testid = props.testid;
  if (props.className) node.className = props.className;
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (FORBIDDEN_ATTRIBUTE.test(name)) throw new Error(`Attribute "${name}" is not allowed; use "on" handlers or classes.`);
    node.setAttribute(name, value);
  }
  for (const [type, handler] of Object.entries(props.on ?? {})) {
    if (handler) node.addEventListener(type, handler as EventListener);
  }
  append(node, children);
  return node;
}

/** Appends children; strings and numbers become text nodes. */
export function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

/** Replaces all children of a node. */
export function replace(parent: Element, children: readonly Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}
