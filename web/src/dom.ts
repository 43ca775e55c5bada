/** Attributes for el(): strings become attributes, `class` a class list; undefined values are left out. */
export type Attributes = Record<string, string | number | boolean | undefined>

/**
 * Creates an element. Text always goes in as text nodes, never as HTML, because catalog titles
 * and server messages come from imported data.
 */
export function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  children: (Node | string | null | undefined)[] = [],
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === false) continue
    element.setAttribute(name, value === true ? '' : String(value))
  }
  for (const child of children) {
    if (child !== null && child !== undefined) element.append(child)
  }
  return element
}
