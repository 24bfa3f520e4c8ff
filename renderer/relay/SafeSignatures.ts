// The Safe signatures view (relay): scan or paste an owner's signature from a vault, see it decoded (owner, Safe, chain,
// safeTxHash, the vault's fingerprint words), and only on an explicit click the relay checks it against the Safe at the
// latest block and keeps it once. Progress shows signers of the threshold,
// and a complete set's bundle is shown as an animated QR for the vault that executes the transaction.
import type { SafeCollectionView } from '../../shared/bridge';
import { SAFE_BUNDLE_UR_TYPE, SAFE_SIGNATURE_UR_TYPE } from '../../shared/airgap/safe-signature';
import { el, replace } from '../app/dom';
import type { OwnedScope, Scope } from '../app/scope';
import { defineView, type Page, type ViewContext } from '../app/view';
import { animatedQr } from '../components/AnimatedQr';
import { loadInto } from '../ui/ErrorNotice';
import { relayPasteForm } from './RelayPasteForm';
import { previewSafeSignature } from '../../shared/relay/scanned-preview';
import { safeSignatureCard } from './ScannedPreview';

export const safeSignaturesView = defineView({
  id: 'safe-signatures', title: 'Safe signatures', page: safeSignaturesPage,
  purpose: 'Collect the owners\' signatures of a Safe transaction from their vaults. Each is checked against the Safe on chain; once the threshold is met, show the bundle to the vault that executes it.',
});

function safeSignaturesPage(context: ViewContext, scope: Scope): Page {
  const paste = relayPasteForm(context, scope, {
    id: 'safe-signature',
    heading: 'Add an owner signature',
    endpointsLead: 'Checks against: ',
    // Each vault shows its owner signature as ur:airlock-safe-signature; the scanned parts go in like a paste.
    scan: { expect: [SAFE_SIGNATURE_UR_TYPE], title: "Scan an owner's Safe signature from a vault", text: (result) => result.parts.join('\n') },
    input: {
      label: 'Owner signature',
      hint: 'Exactly what the vault showed after signing the Safe transaction: its JSON or its ur:airlock-safe-signature parts.',
      placeholder: '{"version":1,"chainId":…} or ur:airlock-safe-signature/… (one part a line)',
    },
    button: { label: 'Show what it signs', testid: 'safe-signature-decode' },
    confirm: { label: 'Check on chain and keep', testid: 'safe-signature-collect' },
    preview: (text) => safeSignatureCard(previewSafeSignature(text)),
    empty: 'Paste an owner signature first.',
    send: collect,
    settled: () => loadCollections(),
  });
  const list = el('div', { testid: 'safe-collections' });
  // The bundles' QR codes of the last reading, let go of at the next.
  const codes = scope.slot<OwnedScope>();

  async function collect(payload: string, endpoints: string[], outcome: HTMLElement): Promise<void> {
    const result = await context.bridge.call('relay.collect', { payload, endpoints });
    if (!scope.shown()) return;
    replace(outcome, [
      el('div', { className: 'notice notice-info', testid: 'safe-signature-result', attrs: { role: 'status', 'data-added': String(result.added) } }, [
        el('p', { className: 'notice-message' }, [result.added ? `Kept the signature of ${result.owner}.` : `The signature of ${result.owner} was already kept; it counts once.`]),
      ]),
    ]);
    paste.input.value = '';
  }

  const loadCollections = (): Promise<void> =>
    loadInto(list, {
      scope,
      errorTestId: 'safe-collections-error',
      read: () => context.bridge.call('relay.bundles', {}),
      draw: ({ collections }) => {
        const shown = codes.hold(scope.child());
        return [
          el('h2', { className: 'panel-title' }, [`Safe transactions (${collections.length})`]),
          collections.length === 0 ? el('p', { className: 'muted', testid: 'safe-collections-empty' }, ['No owner signature collected yet.']) : null,
          ...collections.map((c) => collectionCard(c, shown)),
        ];
      },
    });

  void loadCollections();
  return { root: el('div', { className: 'relay-safe-signatures' }, [paste.form, paste.outcome, list]) };
}

function collectionCard(c: SafeCollectionView, scope: Scope): HTMLElement {
  const signed = new Set(c.signers.map((s) => s.toLowerCase()));
  let bundleQr: HTMLElement | null = null;
  if (c.bundle) {
    const code = scope.own(animatedQr({ source: { type: SAFE_BUNDLE_UR_TYPE, payload: new TextEncoder().encode(JSON.stringify(c.bundle)) }, destination: 'vault', label: 'Safe signature bundle' }));
    bundleQr = code.root;
  }
  return el('article', { className: 'panel safe-collection', testid: 'safe-collection', attrs: { 'data-safe-tx-hash': c.safeTxHash, 'data-complete': String(c.complete) } }, [
    el('p', {}, ['Safe ', el('code', {}, [c.safe]), ` on chain ${c.chainId}, nonce ${c.nonce} at block ${c.blockNumber}`]),
    el('p', {}, ['Transaction ', el('code', { className: 'hash' }, [c.safeTxHash])]),
    el('p', { className: 'safe-collection-progress', testid: 'safe-collection-progress' }, [`${c.signers.length} of ${c.threshold} owner signatures`, c.complete ? ' — complete' : '']),
    el(
      'ul',
      { className: 'safe-collection-owners' },
      c.owners.map((o) => el('li', { testid: 'safe-collection-owner', attrs: { 'data-owner': o, 'data-signed': String(signed.has(o.toLowerCase())) } }, [el('code', {}, [o]), signed.has(o.toLowerCase()) ? ' ✓ signed' : ''])),
    ),
    bundleQr
      ? el('div', { testid: 'safe-bundle' }, [el('p', { className: 'field-hint' }, ['Show this to the vault that executes the transaction (Review & sign → Execute with co-owner signatures).']), bundleQr])
      : null,
  ]);
}
