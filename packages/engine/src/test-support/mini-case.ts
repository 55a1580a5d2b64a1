/** A small valid case for tests: one line per fact, so a test can point at a line. */
export const MINI_CASE = `id: mini
version: 1
language: nl
title: Mini
summary: Een kleine casus in {{gemeente}}.
setting: gemeente
duration: 30
groupSize: { min: 2, max: 6 }
themes: [als-het-lastig-wordt]
learningGoals:
  - text: Tegenspreken.
    governmentRoles: [rechtmatig]
teachingNote: Kort.
variables:
  gemeente: { label: Gemeente, default: Lindenburg }
roles:
  - id: wethouder
    name: Wethouder
    side: bestuur
    description: De wethouder.
    briefing: Geheim van de wethouder.
    seats: { min: 1, max: 2 }
    essential: true
  - id: adviseur
    name: Adviseur
    side: ambtelijk
    description: De adviseur.
    briefing: Geheim van de adviseur.
    seats: { min: 1, max: 4 }
indicators:
  - id: media
    label: Media
    start: 0
    min: 0
    max: 10
scenes:
  - id: begin
    title: Begin
    narrative: Het begint.
    private:
      adviseur: Alleen de adviseur weet dit.
    steps:
      - id: voorspel
        type: prediction
        prompt: Wat doet de wethouder?
        predicts: keuze
      - id: keuze
        type: decision
        mode: role
        roles: [wethouder]
        prompt: Wat doe je?
        options:
          - id: open
            label: Open kaart
            effects: { rechtmatig: 2, raad: 1, inwoners: 1 }
          - id: dicht
            label: Niets zeggen
            effects: { presterend: 1, college: 1, collegas: -1 }
            later:
              - after: 1
                text: Het lekt uit.
                effects: { media: 5, netwerkend: -1, responsief: -1 }
      - id: reflectie
        type: reflection
        theme: als-het-lastig-wordt
        prompt: Wat merkte je?
    next:
      - if: { indicator: media, min: 3 }
        goto: slecht
      - goto: goed
endings:
  - id: goed
    title: Goed
    text: Het liep goed.
  - id: slecht
    title: Slecht
    text: Het lekte uit.
debrief:
  - theme: als-het-lastig-wordt
    question: Wat nu?
`;
