package dev.themis.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

class LocalDnsServerTest {

    @Test
    void answersTxtFromItsZoneAndNxdomainOtherwise() throws Exception {
        try (LocalDnsServer dns = new LocalDnsServer(Map.of("pass.test", List.of("v=spf1 ip4:127.0.0.1 -all")))) {
            SimpleResolver resolver = new SimpleResolver("127.0.0.1");
            resolver.setPort(dns.port());

            Message known = resolver.send(
                    Message.newQuery(Record.newRecord(Name.fromString("PASS.test."), Type.TXT, DClass.IN)));
            Message unknown = resolver.send(
                    Message.newQuery(Record.newRecord(Name.fromString("nowhere.test."), Type.TXT, DClass.IN)));

            assertThat(known.getSection(Section.ANSWER))
                    .singleElement()
                    .satisfies(
                            r -> assertThat(((TXTRecord) r).getStrings()).containsExactly("v=spf1 ip4:127.0.0.1 -all"));
            assertThat(unknown.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        }
    }
}
