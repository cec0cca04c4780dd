"""Word lists behind language detection (chalicelib/domain/language.py), written by hand.

FUNCTION_WORDS are the small grammatical words every sentence has. SUPPORT_WORDS are the words a
customer uses in a one-line chat message to a shop ("stornieren", "encomenda", "kost annuleren
iets?"), which often carries no function word at all. Both vote the same way; a word listed for
several languages splits its vote. Accents are optional: each word also votes without them, since
many people type "devolucao" or "recu". Loanwords every language uses in support chat
("password", "email", "tracking", "newsletter", "stock", "PayPal") are left out on purpose: they
would pull German or Italian messages towards English.
"""

from __future__ import annotations

FUNCTION_WORDS: dict[str, str] = {
    "en": """want need help would like know where why problem can't isn't didn't wasn't got get please thanks my me we they
        the and you your for with this that have has not was are but from what
        when where how can could would should please thanks thank my our there their
        which will been did does is it of to in on hi hello dear regards be an any just
        i'm don't can't it's i've still order received yet""",
    "es": """ha era
        quiero quisiera necesito quería podéis podría podrían puede ayuda ayudarme hola gracias saber cómo cuándo mío mía aún nada ningún ninguna llegado recibido sigo esperando vuestro vuestra vuestros ustedes usted
        el la los las del que por para con una uno pero como muy mi mis su sus hola
        gracias pedido está esta este estoy tengo es son fue ya todavía cuando donde
        dónde qué cómo hace quiero puedo pueden favor saludos buenos buenas días también
        sin sobre hasta nos les le lo al se""",
    "fr": """je j'ai voudrais veux aimerais souhaite pouvez puis-je n'ai pas toujours reçu merci est-il possible depuis votre vos chez aussi
        le la les des du une un est et pas que qui pour avec dans sur mais je vous
        nous mon ma mes votre vos bonjour merci commande cordialement reçu été ai avez
        suis sont c'est j'ai n'est ne plus il elle ce cette au aux ou où très bien""",
    "de": """ich möchte will muss können könnten würde gerne wie wann warum nicht noch schon leider mir mich ihnen ihr euch bitte danke hallo guten tag gibt
        der die das und ist nicht ich sie wir mein meine ihr ihre ihnen mit für auf
        ein eine einen dem den des zu von bei aus noch hallo danke bitte bestellung
        habe hat haben wurde war aber oder auch wie wo was grüße freundlichen gruß
        sehr geehrte damen herren heute kann können""",
    "it": """ha era mentre dopo prima molto nel al del questa stato stata sono dal
        voglio vorrei devo posso potete potreste aiutarmi sapere è ciao grazie salve buongiorno mi ho non ancora il mio mia dell nell sul sulla degli alla ordine anche però già perché
        il lo gli della delle che per con una sono non mio mia ciao grazie ordine
        buongiorno salve cordiali saluti ho hai abbiamo come dove quando anche perché
        questo questa ancora vorrei""",
    "pt": """ficou foi ao muito depois pelo pela estão era
        quero gostaria preciso posso podem podiam ajudar-me saber é olá obrigado obrigada ainda não recebi minha meu nao estou está encomenda morada vocês ao às pela pelo também
        o os da das do dos que para com uma um não meu minha olá obrigado obrigada
        pedido encomenda estou tenho foi já ainda quando onde como também você vocês
        são muito bom dia boa tarde cumprimentos""",
    "nl": """ik wil zou graag moet kan kunnen jullie mijn niet nog geen heb heeft hoe wanneer waarom bedankt alvast hoi groeten ontvangen bestelling mij me het een
        de het een en is niet ik wij mijn jullie u met voor op van dat die er nog
        hallo bedankt dank bestelling heb hebben werd maar ook hoe waar wat groeten
        vriendelijke graag alstublieft""",
}

SUPPORT_WORDS: dict[str, str] = {
    "en": """order orders ordered parcel package pkg delivery deliver delivered shipping ship ships shipped
        refund refunded cancel cancelled canceled return returns returned arrived arrive broken broke
        damaged wrong size colour color charged twice payment pay paid invoice discount coupon
        warranty reset delete unsubscribe emails working works stopped doesnt dont cant wont didnt isnt
        hasnt havent im ive u ur pls plz thx ty hey yo guys lol smh tbh asap stuff box item items
        waiting money back week weeks days day today tomorrow ago never nothing anything someone call
        reply sent send need want wanna gonna available price cost much many long about after some
        quick question nope yes here at by or so up out all new free been being check change swap
        wheres what's whats thanks love great terrible bad label keeps crashing only side
        store collect sale ends end number status confirmation received recieved do i fit doesn't
        won't haven't hasn't wouldn't couldn't i'd i'll you're that's there's they're we're
        someone anyone thing things one two three possible payments accept""",
    "es": """pedido pedidos paquete envío envio envíos entrega entregado reembolso devolución devolver
        cancelar anular cambiar cambio llegó llega llegado roto rota rompió funciona talla factura
        descuento código cupón tienda recoger garantía contraseña olvidé cuenta correo cobrado cobraron
        cobro cargo pago pagar pagué plazos tarjeta dinero urgente tarda tardan cuánto cuanto cuánta
        cuántos semana semanas hoy mañana envían hacen tienen tiene aceptan aceptáis podéis sigo
        nunca nada repartidor mensajero equivocado equivocada malo mala buenas gracias vale oye
        consulta duda rápida rapida dirección iniciar sesión darme baja suscripción hay vuelve vino
        enviaron llego me mi lo tengo problema de en y o un si artículo articulo falta cuesta
        seguimiento correo electrónico pantalla ayuda podeis llamar esta estaba tenía había vez
        veces dos mismo mal""",
    "fr": """commande commandes colis livraison livré livrée reçu reçue remboursement remboursé
        rembourser retour retourner annuler changer modifier cassé cassée marche fonctionne taille
        couleur facture promo magasin retrait garantie mot passe oublié compte adresse débité
        prélevé paiement payer payé carte argent aide besoin urgent combien temps jours semaine
        aujourd'hui demain acceptez livrez proposez peux peut puis toujours jamais rien livreur
        mauvaise mauvais nul salut bonsoir svp stp souci problème rappeler connecter désabonner suivi
        numéro manque arrivé quand quel quelle quels quelles comment pourquoi jai de y faire fait
        en on l' d' qu' j' n' c' s' m' t' est-ce écran bout payé
        serai sera modes beaucoup rien mal""",
    "de": """hab habe vergessen passwort bestellung bestellt bestellen paket pakete lieferung geliefert
        versand versandkosten rücksendung zurückschicken zurück erstattung geld kaputt defekt
        funktioniert geht kein keine keinen nichts rechnung gutschein gutscheincode größe farbe
        falsche falscher falsch bekommen bekomme erhalten angekommen brauche brauchen dringend hilfe
        helfen habt seid könnt dauert lange tage woche wochen morgen heute laden abholung abholen
        zahlen bezahlt zahlung abgebucht adresse ändern stornieren umtauschen tauschen kündigen abo
        garantie abbestellen moin servus tschüss vielen dank grüße lg mfg anmelden einloggen konto
        kundenkonto bote zusteller zugestellt immer nie schlecht schlechter gut echt mal doch ja nein
        kurze frage wo wieso weshalb meinen meiner dass sind bin nach zum zur im vom beim um über
        ohne gerät bildschirm lieferbar verfügbar passt möglich kostet kosten wieviel viel es in
        man einer eure euer ihr kam wieder artikel fehlt akzeptiert
        akzeptieren""",
    "it": """ordine ordini ordinato ordino pacco pacchi spedizione spedito spedite consegna consegnato
        rimborso rimborsate rimborsare reso restituire annullare cancellare cambiare modificare
        arrivato arrivata arrivati rotto rotta funziona taglia colore fattura sconto codice negozio
        ritirare ritiro garanzia dimenticato accedere accesso indirizzo addebitato addebito pagamento
        pagare pagato rate carta soldi aiuto urgente quanto quanti quanta giorni giorno settimana
        settimane oggi domani accettate avete potete puoi può riesco sto aspettando aspetto mai
        nessun nessuna niente corriere sbagliato sbagliata pessimo mille buonasera domanda veloce
        problema richiamarmi disiscrivermi manca mancante risulta ci vogliono mette serve bisogno
        faccio fare e o se di un in dov' l' un' dell' all' nell' c' nn ke punto disponibile schermo
        aperto appena si le la da consegnato avete dopo torna rotto accettano""",
    "pt": """encomenda encomendas pedido pacote entrega envio reembolso devolução devolver cancelar
        trocar troca mudar alterar chegou chegar partido partida avariou avariado estragado quebrado
        funciona tamanho cor fatura desconto cupom cupão loja levantar garantia senha palavra-passe
        esqueci conta endereço cobrado cobrança pagamento pagar paguei parcelar cartão dinheiro ajuda
        urgente quanto demora dias semana hoje amanhã aceitam enviam entregam têm tem podem consigo
        continuo espera esperando nunca nada estafeta entregador errada errado péssimo atendimento
        valeu oi olá boa noite dúvida rápida problema ligar rastreio código recebi recebido veio diz
        entregue tá ta cadê meu não vocês você pra para com sem um uma da do na em é ecrã atrasada
        atrasado volta de e frete grátis artigo falta estava estavam tinha dá há lhe ela ele isso isto se eu pago agora algum
        alguma aqui só então porque mas mais menos nós fui cobrado dois duas vez
        vezes aceita aceitam aceitar por favor ou mal""",
    "nl": """kost iets annuleren bestellen pakket pakketje levering bezorging bezorgd bezorger
        verzending retour retourneren terugsturen terugbetaling geld terug kapot werkt doet niks
        even vraag vraagje wachtwoord vergeten inloggen factuur korting kortingscode maat kleur
        verkeerd verkeerde gekregen nodig je jij hoeveel duurt lang dag dagen week weken morgen
        vandaag winkel afhalen betalen betaald betaling afgeschreven adres wijzigen veranderen
        omruilen ruilen garantie nieuwsbrief afmelden dankjewel dankuwel groetjes hulp helpen
        aangekomen staat zit al nou toch wel dus weer voorraad leveren apparaat scherm
        mist ontbreekt klopt fout nooit steeds slecht slechte goed wij ze zijn hun dit deze naar uit
        om bij over tot dan als in keer krijg achteraf gratis bezorgadres dringend
        accepteren terugbellen goedenavond werken past was te zat ben bent wordt hem haar ons""",
}

# A few sentences per language in the voice of a shop's customers, from which language.py takes
# letter triplets ("zio", "ção", "ij ") to weigh words no list knows ("licuadora", "torradeira").
SAMPLE_TEXT: dict[str, str] = {
    "en": """Hello, I bought a kettle from your website last month and it started leaking yesterday.
        Could someone tell me whether I should send it back or wait for a replacement? The courier
        left my parcel outside the wrong house and now somebody else has it. I'm really annoyed,
        honestly this is the third time. Please update the shipping address on my account before
        the next delivery goes out. Which payment methods do you offer, and is there a student
        discount? My headphones only charge halfway and the battery drains overnight. Thank you
        for sorting everything out so quickly, brilliant support as always. Anyway, what's the
        cheapest way to get something delivered by Friday? Nothing showed up, nobody answered.""",
    "es": """Buenos días, compré una licuadora en vuestra web el mes pasado y ayer empezó a gotear.
        ¿Alguien me puede decir si tengo que devolverla o esperar a que me manden otra? El
        mensajero dejó mi paquete en la puerta equivocada y ahora lo tiene un vecino. Estoy muy
        molesto, sinceramente es la tercera vez. Por favor, actualizad la dirección de envío de mi
        cuenta antes de la próxima entrega. ¿Qué formas de pago aceptáis y hay descuento para
        estudiantes? Los auriculares solo cargan a medias y la batería se gasta por la noche.
        Muchas gracias por solucionarlo tan rápido, atención excelente como siempre. ¿Cuál es la
        manera más barata de recibirlo antes del viernes? No llegó nada y nadie contestó.""",
    "fr": """Bonjour, j'ai acheté une bouilloire sur votre site le mois dernier et elle fuit depuis
        hier. Quelqu'un peut-il me dire si je dois la renvoyer ou attendre un remplacement ? Le
        livreur a laissé mon colis devant la mauvaise maison et maintenant un voisin l'a. Je suis
        vraiment agacé, honnêtement c'est la troisième fois. Merci de mettre à jour l'adresse de
        livraison de mon compte avant le prochain envoi. Quels moyens de paiement acceptez-vous, et
        y a-t-il une réduction étudiante ? Mon casque ne charge qu'à moitié et la batterie se vide
        pendant la nuit. Merci d'avoir tout réglé si vite, un service génial comme toujours. Quelle
        est la façon la moins chère d'être livré avant vendredi ? Rien n'est arrivé, personne ne
        répond.""",
    "de": """Guten Tag, ich habe letzten Monat einen Wasserkocher in Ihrem Onlineshop gekauft und seit
        gestern tropft er. Kann mir jemand sagen, ob ich ihn zurückschicken oder auf Ersatz warten
        soll? Der Paketbote hat mein Paket vor dem falschen Haus abgestellt und jetzt hat es ein
        Nachbar. Ich bin wirklich verärgert, ehrlich gesagt ist das schon das dritte Mal. Bitte
        ändern Sie die Lieferadresse in meinem Kundenkonto vor der nächsten Lieferung. Welche
        Zahlungsarten bieten Sie an, und gibt es einen Studentenrabatt? Meine Kopfhörer laden nur
        halb und der Akku ist über Nacht leer. Vielen Dank, dass Sie alles so schnell geklärt
        haben, ein toller Kundenservice wie immer. Wie bekomme ich etwas am günstigsten bis Freitag
        geliefert? Es kam nichts an und niemand hat geantwortet.""",
    "it": """Buongiorno, il mese scorso ho comprato un bollitore sul vostro sito e da ieri perde
        acqua. Qualcuno mi può dire se devo rispedirlo o aspettare una sostituzione? Il corriere
        ha lasciato il mio pacco davanti alla casa sbagliata e adesso ce l'ha un vicino. Sono
        davvero arrabbiato, sinceramente è la terza volta. Per favore aggiornate l'indirizzo di
        spedizione del mio account prima della prossima consegna. Quali metodi di pagamento
        accettate, e c'è uno sconto per studenti? Le mie cuffie si caricano solo a metà e la
        batteria si scarica durante la notte. Grazie per aver risolto tutto così in fretta,
        assistenza fantastica come sempre. Qual è il modo più economico per ricevere qualcosa
        entro venerdì? Non è arrivato niente e nessuno ha risposto.""",
    "pt": """Olá, comprei uma chaleira no vosso site no mês passado e desde ontem começou a pingar.
        Alguém me pode dizer se tenho de a devolver ou esperar por uma substituição? O estafeta
        deixou a minha encomenda à porta da casa errada e agora quem a tem é um vizinho. Estou
        mesmo chateado, sinceramente já é a terceira vez. Por favor atualizem a morada de envio
        da minha conta antes da próxima entrega. Que formas de pagamento aceitam, e há desconto
        para estudantes? Os meus fones só carregam até metade e a bateria acaba durante a noite.
        Muito obrigado por resolverem tudo tão depressa, atendimento excelente como sempre. Qual
        é a maneira mais barata de receber algo até sexta-feira? Não chegou nada e ninguém
        respondeu, vocês não atendem o telefone.""",
    "nl": """Hallo, ik heb vorige maand een waterkoker op jullie website gekocht en sinds gisteren
        lekt hij. Kan iemand me vertellen of ik hem moet terugsturen of op een vervanging moet
        wachten? De bezorger heeft mijn pakket bij het verkeerde huis neergezet en nu heeft een
        buurman het. Ik ben echt geïrriteerd, eerlijk gezegd is dit al de derde keer. Pas
        alsjeblieft het verzendadres in mijn account aan voor de volgende levering. Welke
        betaalmethodes bieden jullie aan, en is er studentenkorting? Mijn koptelefoon laadt maar
        half op en de batterij is 's nachts leeg. Bedankt dat jullie alles zo snel hebben
        opgelost, geweldige klantenservice zoals altijd. Wat is de goedkoopste manier om iets
        voor vrijdag geleverd te krijgen? Er kwam niets aan en niemand reageerde.""",
}

# Everyday talk beyond support (moving house, the weekend, weather, family), so the letter
# triplets also know the words people use around a request.
MORE_SAMPLE_TEXT: dict[str, str] = {
    "en": """We moved house last weekend and half of the boxes are still in the hallway. My sister
        came over with her kids, who spent the whole afternoon running around the garden while it
        kept raining on and off. Work has been hectic, my manager wants the report by Thursday and
        the trains were cancelled again this morning. For my father's birthday we are cooking
        something simple, probably roast chicken with vegetables, and then we might go for a walk
        along the river if the weather clears up. The neighbours are renovating their kitchen, so
        there is drilling every single day from eight o'clock.""",
    "es": """Nos mudamos el fin de semana pasado y la mitad de las cajas siguen en el pasillo. Mi
        hermana vino con sus hijos, que se pasaron toda la tarde corriendo por el jardín mientras
        llovía a ratos. El trabajo anda agobiante, mi jefe quiere el informe para el jueves y esta
        mañana volvieron a cancelar los trenes. Para el cumpleaños de mi padre vamos a cocinar algo
        sencillo, seguramente pollo asado con verduras, y luego quizá demos un paseo por el río si
        se despeja. Los vecinos están reformando la cocina, así que hay taladros todos los días
        desde las ocho.""",
    "fr": """Nous avons déménagé le week-end dernier et la moitié des cartons sont encore dans le
        couloir. Ma sœur est venue avec ses enfants, qui ont passé tout l'après-midi à courir dans
        le jardin pendant qu'il pleuvait par intermittence. Le travail est chargé, mon chef veut le
        rapport pour jeudi et les trains ont encore été supprimés ce matin. Pour l'anniversaire de
        mon père nous cuisinons quelque chose de simple, sans doute un poulet rôti avec des
        légumes, puis nous irons peut-être nous promener le long de la rivière si le temps se
        dégage. Les voisins refont leur cuisine, alors ça perce tous les jours dès huit heures.""",
    "de": """Wir sind letztes Wochenende umgezogen und die Hälfte der Kartons steht noch im Flur.
        Meine Schwester kam mit ihren Kindern vorbei, die den ganzen Nachmittag durch den Garten
        gerannt sind, während es immer wieder geregnet hat. Bei der Arbeit ist viel los, mein Chef
        will den Bericht bis Donnerstag, und heute Morgen sind die Züge schon wieder ausgefallen.
        Zum Geburtstag meines Vaters kochen wir etwas Einfaches, wahrscheinlich Brathähnchen mit
        Gemüse, und danach gehen wir vielleicht am Fluss spazieren, wenn es aufklart. Die Nachbarn
        renovieren ihre Küche, deshalb wird jeden Tag ab acht Uhr gebohrt.""",
    "it": """Ci siamo trasferiti lo scorso fine settimana e metà degli scatoloni sono ancora nel
        corridoio. Mia sorella è passata con i suoi figli, che hanno corso per il giardino tutto il
        pomeriggio mentre pioveva a tratti. Il lavoro è frenetico, il mio capo vuole la relazione
        entro giovedì e stamattina hanno di nuovo cancellato i treni. Per il compleanno di mio padre
        cuciniamo qualcosa di semplice, probabilmente pollo arrosto con le verdure, e poi forse
        facciamo una passeggiata lungo il fiume se il tempo si rimette. I vicini stanno
        ristrutturando la cucina, quindi ogni giorno si trapana dalle otto.""",
    "pt": """Mudámos de casa no fim de semana passado e metade das caixas ainda está no corredor. A
        minha irmã veio com os filhos, que passaram a tarde inteira a correr pelo jardim enquanto
        chovia de vez em quando. O trabalho anda uma loucura, o meu chefe quer o relatório até
        quinta-feira e hoje de manhã os comboios voltaram a ser cancelados. Para o aniversário do
        meu pai vamos cozinhar uma coisa simples, provavelmente frango assado com legumes, e depois
        talvez façamos uma caminhada junto ao rio se o tempo abrir. Os vizinhos estão a remodelar a
        cozinha, por isso há berbequim todos os dias a partir das oito. A gente se vê, beleza.""",
    "nl": """We zijn vorig weekend verhuisd en de helft van de dozen staat nog in de gang. Mijn zus
        kwam langs met haar kinderen, die de hele middag door de tuin hebben gerend terwijl het af
        en toe regende. Op het werk is het druk, mijn baas wil het verslag voor donderdag en vanochtend
        vielen de treinen weer uit. Voor de verjaardag van mijn vader koken we iets eenvoudigs,
        waarschijnlijk kip uit de oven met groenten, en daarna gaan we misschien langs de rivier
        wandelen als het opklaart. De buren verbouwen hun keuken, dus er wordt elke dag vanaf acht
        uur geboord.""",
}
