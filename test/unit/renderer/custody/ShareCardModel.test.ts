// The share card's recovery guide from a real vault's public summary: the quorum in plain words, the SLIP-39 tool, the
// passphrase facts and the first registered address; an imported BIP-39 key and a multi-group set say what differs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { VaultSummaryView } from '../../../../shared/bridge';
import { CARD_INSTRUCTIONS, cardSpec, recoveryGuide } from '../../../../renderer/custody/ShareCardModel';
import { twoOfThree, withVaultServices } from '../../../helpers/vault-fixture';

test('the guide says what the card is, any 2 of the 3 cards, any SLIP-39 tool, no passphrase, and the first address to expect', () =>
  withVaultServices(async ({ services, custody }) => {
    const created = await custody.vault.create(twoOfThree());
    const vault = created.vault as VaultSummaryView;
    const spec = cardSpec(vault, created.shares[0]!, { occasion: 'created', madeAt: vault.createdAt });
    const guide = Object.fromEntries(recoveryGuide(spec).map((s) => [s.kind, s.text]));
    assert.match(guide.what!, /^This card is one of 3 share cards of the key of "Acme treasury"\. Fewer cards than the quorum below reveal nothing/);
    assert.match(guide['how-many']!, new RegExp(`^To recover, bring together any 2 of the 3 cards\\. Every card of this set starts with "${spec.identifierWords}"\\.$`));
    assert.match(guide.tool!, /standard SLIP-39 share .* any SLIP-39 tool combines the cards, for example a Trezor/);
    assert.match(guide.passphrase!, /^No SLIP-39 passphrase: leave it empty/);
    const first = custody.vault.accounts()[0]!;
    assert.deepEqual(spec.firstAccount, { label: 'Treasury', path: "m/44'/60'/0'/0/0", address: first.address });
    assert.match(guide.check!, /first account \(Treasury, path m\/44'\/60'\/0'\/0\/0\) must have this address/);
    assert.equal(CARD_INSTRUCTIONS.some((line) => /except the Airlock vault/.test(line)), false);
    assert.match(CARD_INSTRUCTIONS.join(' '), /only into an offline device you trust/);

    const bip39: VaultSummaryView = { ...vault, seedDerivation: 'bip39-mnemonic', bip39Passphrase: true, slip39Passphrase: true };
    const bip39Guide = Object.fromEntries(recoveryGuide(cardSpec(bip39, created.shares[0]!, { occasion: 'created', madeAt: 0 })).map((s) => [s.kind, s.text]));
    assert.match(bip39Guide.tool!, /entropy of a BIP-39 recovery phrase.*restoring the cards directly in a Trezor gives other addresses/);
    assert.match(bip39Guide.passphrase!, /^A SLIP-39 passphrase is needed too: it is on no card.* The BIP-39 phrase needs its BIP-39 passphrase too/);

    const board = vault.groups[0]!;
    const groups = [board, { ...board, groupIndex: 1, name: 'Ops', memberThreshold: 1, memberCount: 2 }];
    const twoGroups = cardSpec({ ...vault, groupThreshold: 2, groups }, created.shares[0]!, { occasion: 'created', madeAt: 0 });
    assert.match(recoveryGuide(twoGroups)[1]!.text, /any 2 of the 2 groups, enough from each \(Board: any 2 of 3; Ops: any 1 of 2\)/);
    const single = cardSpec({ ...vault, groups: [{ ...board, memberThreshold: 1 }] }, created.shares[0]!, { occasion: 'created', madeAt: 0 });
    assert.match(recoveryGuide(single)[0]!.text, /This card alone rebuilds the key/);
  }));
